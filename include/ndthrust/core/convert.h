// ndthrust/core/convert.h — element conversion as NumPy's astype does it (unsafe casting), usable in kernels.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/dtype.h>

#include <type_traits>

namespace nd::detail {

template <class T>
struct real_of {
  using type = T;
};
template <class R>
struct real_of<thrust::complex<R>> {
  using type = R;
};

/// U → T: complex → real keeps the real part; anything → bool is `!= 0`; real → complex has zero imaginary part.
template <class T, class U>
NDTHRUST_HD T convert(const U& u) {
  if constexpr (std::is_same_v<T, U>) {
    return u;
  } else if constexpr (std::is_same_v<T, bool>) {
    return u != U(0);
  } else if constexpr (is_complex_v<T> && is_complex_v<U>) {
    return T(static_cast<typename real_of<T>::type>(u.real()), static_cast<typename real_of<T>::type>(u.imag()));
  } else if constexpr (is_complex_v<T>) {
    return T(static_cast<typename real_of<T>::type>(u), typename real_of<T>::type(0));
  } else if constexpr (is_complex_v<U>) {
    return static_cast<T>(u.real());
  } else {
    return static_cast<T>(u);
  }
}

template <class T>
struct convert_fn {
  template <class U>
  NDTHRUST_HD T operator()(const U& u) const {
    return convert<T>(u);
  }
};

} // namespace nd::detail
