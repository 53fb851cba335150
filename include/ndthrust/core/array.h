// ndthrust/core/array.h — nd::array: a strided view over shared, reference-counted storage.
//
// Like a NumPy ndarray, an array is (storage, shape, strides, offset). Strides and offset count elements, not
// bytes. Copying an array shares its storage — `b = a` makes a second view of the same memory, exactly as in
// Python; use nd::copy for a deep copy. Storage is either memory ndthrust allocated (uninitialised, pooled) or an
// adopted / viewed Thrust or std vector: the owner is type-erased, so any of them can back an array.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/dtype.h>
#include <ndthrust/core/error.h>
#include <ndthrust/core/index.h>
#include <ndthrust/core/iterator.h>
#include <ndthrust/core/layout.h>
#include <ndthrust/core/memory.h>
#include <ndthrust/core/shape.h>
#include <ndthrust/core/space.h>

#include <cuda/std/mdspan>
#include <thrust/device_reference.h>

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace nd {

template <class T, class Space = device_space>
class array {
  static_assert(is_dtype_v<T>, "ndthrust: unsupported element type; arrays hold bool, int8-int64, uint8-uint64, "
                               "float, double, nd::complex64 or nd::complex128");
  static_assert(is_space_v<Space>, "ndthrust: Space must be nd::device_space or nd::host_space");

public:
  using value_type = T;
  using space      = Space;
  using pointer    = typename Space::template pointer<T>;
  using reference  = std::conditional_t<std::is_same_v<Space, device_space>, thrust::device_reference<T>, T&>;
  using iterator   = strided_iterator<T, Space>;

  /// An empty 1-d array of size 0.
  array() : shape_{0}, strides_{1} {}

  array(const array&)            = default;
  array& operator=(const array&) = default;
  /// A moved-from array is the empty array (shape (0,)), never a shape without storage.
  array(array&& o) noexcept
      : storage_(std::move(o.storage_)), storage_size_(o.storage_size_), shape_(o.shape_), strides_(o.strides_),
        offset_(o.offset_), writeable_(o.writeable_) {
    o.reset_to_empty();
  }
  array& operator=(array&& o) noexcept {
    if (this != &o) {
      storage_      = std::move(o.storage_);
      storage_size_ = o.storage_size_;
      shape_        = o.shape_;
      strides_      = o.strides_;
      offset_       = o.offset_;
      writeable_    = o.writeable_;
      o.reset_to_empty();
    }
    return *this;
  }

  /// A view over `storage` (of `storage_size` elements) — the constructor every other array function ends in.
  array(std::shared_ptr<T> storage, index_t storage_size, shape_t shape, strides_t strides, index_t offset,
        bool writeable = true)
      : storage_(std::move(storage)), storage_size_(storage_size), shape_(shape), strides_(strides), offset_(offset),
        writeable_(writeable) {
    NDTHRUST_EXPECTS(shape.size() == strides.size(), value_error, "shape and strides must have the same length");
    check_shape(shape, sizeof(T));
  }

  // --- shape -----------------------------------------------------------------------------------------------------
  int ndim() const { return shape_.size(); }
  const shape_t& shape() const { return shape_; }
  /// Extent of one axis (negative counts from the end).
  index_t shape(index_t axis) const { return shape_[normalize_axis(axis, ndim())]; }
  const strides_t& strides() const { return strides_; }
  index_t offset() const { return offset_; }
  index_t size() const { return shape_size(shape_); }
  std::size_t nbytes() const { return static_cast<std::size_t>(size()) * sizeof(T); }
  static constexpr std::size_t itemsize() { return sizeof(T); }
  static constexpr nd::dtype dtype() { return dtype_of<T>; }
  /// False for broadcast views, which map several positions to one element.
  bool writeable() const { return writeable_; }

  /// C-contiguous (row-major, no gaps). Axes of extent 1 may have any stride, as in NumPy.
  bool is_contiguous() const {
    if (size() == 0) return true; // NumPy: every empty array is contiguous, whatever an earlier axis's stride
    index_t expect = 1;
    for (int d = ndim() - 1; d >= 0; --d) {
      if (shape_[d] != 1 && strides_[d] != expect) return false;
      expect *= shape_[d];
    }
    return true;
  }
  /// Fortran-contiguous (column-major).
  bool is_f_contiguous() const {
    if (size() == 0) return true;
    index_t expect = 1;
    for (int d = 0; d < ndim(); ++d) {
      if (shape_[d] != 1 && strides_[d] != expect) return false;
      expect *= shape_[d];
    }
    return true;
  }

  // --- storage -----------------------------------------------------------------------------------------------------
  /// Raw pointer (a device address for device arrays) to the first element of the view.
  T* raw() const { return kept_by_capture(), storage_.get() + offset_; }
  /// The first element as Thrust's pointer type (thrust::device_ptr<T> or T*).
  pointer data() const { return pointer(raw()); }
  /// The start of the shared storage and its length in elements.
  T* storage_begin() const { return kept_by_capture(), storage_.get(); }
  index_t storage_size() const { return storage_size_; }
  const std::shared_ptr<T>& storage() const { return storage_; }
  /// True when both arrays view the same storage.
  template <class U>
  bool shares_storage_with(const array<U, Space>& other) const {
    return static_cast<const void*>(storage_.get()) == static_cast<const void*>(other.storage_begin()) &&
           storage_.get() != nullptr;
  }

  // --- iteration ---------------------------------------------------------------------------------------------------
  /// C-order iteration; the iterators work with every Thrust algorithm given a policy of this array's space.
  iterator begin() const { return detail::make_strided_iterator<T, Space>(storage_begin(), layout(), 0); }
  iterator end() const { return detail::make_strided_iterator<T, Space>(storage_begin(), layout(), size()); }
  /// The view's layout as kernels take it.
  detail::flat_layout<index_t> layout() const {
    return detail::make_flat_layout<index_t>(shape_, strides_, offset_, is_contiguous());
  }

  // --- basic indexing ----------------------------------------------------------------------------------------------
  /// NumPy basic indexing, always a view: `a(1, nd::slice(nd::none, nd::none, 2), nd::newaxis, nd::ellipsis)` is
  /// Python's `a[1, ::2, None, ...]`. An integer drops its axis; all integers give a 0-d view.
  template <class... I>
  array operator()(I... items) const {
    if constexpr (sizeof...(I) == 0) {
      return *this;
    } else {
      index_item list[] = {index_item(items)...};
      return index(list, static_cast<int>(sizeof...(I)));
    }
  }
  array index(const index_item* items, int count) const {
    auto m = detail::apply_index({shape_, strides_, offset_}, items, count);
    return array(storage_, storage_size_, m.shape, m.strides, m.offset, writeable_);
  }
  array index(std::initializer_list<index_item> items) const {
    return index(items.begin(), static_cast<int>(items.size()));
  }

  // --- elements ----------------------------------------------------------------------------------------------------
  /// One element, bounds-checked, negative indices from the end, as a writable reference. On a device array this is
  /// a thrust::device_reference: reading or writing it is a synchronous copy, as with thrust::device_vector.
  /// Read-only views (broadcast_to, diagonal) raise NumPy's "assignment destination is read-only": read their
  /// elements with item(i, ...).
  template <class... I>
  reference at(I... idx) const {
    NDTHRUST_EXPECTS(writeable_, value_error,
                     "assignment destination is read-only (at() gives a writable reference; read elements of a "
                     "read-only view with item(i, ...))");
    return *pointer(storage_.get() + element_offset(idx...)); // T& on the host, thrust::device_reference on the device
  }
  /// One element by value (NumPy's a.item(i, j)), bounds-checked, any view; a synchronous copy for device arrays.
  template <class I0, class... I>
  T item(I0 i0, I... idx) const {
    const T* p = storage_.get() + element_offset(i0, idx...);
    if constexpr (std::is_same_v<Space, device_space>) {
      T v;
      detail::copy_bytes(&v, p, sizeof(T), detail::copy_kind::device_to_host, stream_t{});
      return v;
    } else {
      return *p;
    }
  }
  /// The single element of a size-1 array (NumPy's item()); a synchronous copy for device arrays.
  T item() const {
    NDTHRUST_EXPECTS(size() == 1, value_error, "can only convert an array of size 1 to a scalar");
    if constexpr (std::is_same_v<Space, device_space>) {
      T v; // read on the default stream, which orders after work on the other blocking streams
      detail::copy_bytes(&v, raw(), sizeof(T), detail::copy_kind::device_to_host, stream_t{});
      return v;
    } else {
      return *raw();
    }
  }

  // --- interop -----------------------------------------------------------------------------------------------------
  /// A cuda::std::mdspan of rank R over the view (usable in kernels for device arrays).
  template <std::size_t R>
  cuda::std::mdspan<T, cuda::std::dextents<index_t, R>, cuda::std::layout_stride> mdspan() const {
    NDTHRUST_EXPECTS(static_cast<int>(R) == ndim(), value_error,
                     "mdspan<" + std::to_string(R) + "> of a " + std::to_string(ndim()) + "-dimensional array");
    cuda::std::array<index_t, R> ext{}, st{};
    for (std::size_t d = 0; d < R; ++d) {
      NDTHRUST_EXPECTS(strides_[static_cast<int>(d)] >= 0, value_error,
                       "mdspan's layout_stride cannot represent negative strides (a flipped view): copy it first");
      ext[d] = shape_[static_cast<int>(d)];
      st[d]  = strides_[static_cast<int>(d)];
    }
    using ext_t = cuda::std::dextents<index_t, R>;
    return {raw(), typename cuda::std::layout_stride::template mapping<ext_t>(ext_t(ext), st)};
  }

private:
  void reset_to_empty() noexcept {
    storage_size_ = 0;
    shape_        = shape_t();
    shape_.n      = 1; // shape (0,), strides (1,): the default array
    shape_.v[0]   = 0;
    strides_      = shape_;
    strides_.v[0] = 1;
    offset_       = 0;
    writeable_    = true;
  }
  template <class... I>
  index_t element_offset(I... idx) const {
    static_assert((std::is_integral_v<I> && ...), "nd::array element access takes integer indices");
    NDTHRUST_EXPECTS(static_cast<int>(sizeof...(I)) == ndim(), index_error,
                     "too many or too few indices for array: array is " + std::to_string(ndim()) +
                       "-dimensional, but " + std::to_string(sizeof...(I)) + " were indexed");
    index_t off = offset_;
    int d       = 0;
    ((off += checked_index(idx, d) * strides_[d], ++d), ...);
    return off;
  }
  /// An unsigned index is compared as unsigned: size_t(0) - 1 is out of range, not -1.
  template <class I>
  index_t checked_index(I i, int d) const {
    if constexpr (std::is_unsigned_v<I>) {
      if (static_cast<std::uint64_t>(i) >= static_cast<std::uint64_t>(shape_[d]))
        detail::throw_index_error("index " + std::to_string(i) + " is out of bounds for axis " + std::to_string(d) +
                                  " with size " + std::to_string(shape_[d]));
      return static_cast<index_t>(i);
    } else {
      return checked_index(static_cast<index_t>(i), d);
    }
  }
  /// Inside nd::graph::capture (CUDA), a call that reaches this array's memory makes the graph keep it alive.
  void kept_by_capture() const {
    if constexpr (std::is_same_v<Space, device_space>)
      if (detail::active_capture && storage_) detail::capture_keep(*detail::active_capture, storage_);
  }
  index_t checked_index(index_t i, int d) const {
    index_t n = shape_[d];
    if (i < -n || i >= n)
      detail::throw_index_error("index " + std::to_string(i) + " is out of bounds for axis " + std::to_string(d) +
                                " with size " + std::to_string(n));
    return i < 0 ? i + n : i;
  }

  std::shared_ptr<T> storage_;
  index_t storage_size_ = 0;
  shape_t shape_;
  strides_t strides_;
  index_t offset_  = 0;
  bool writeable_ = true;
};

template <class T>
using device_array = array<T, device_space>;
template <class T>
using host_array = array<T, host_space>;

template <class A>
inline constexpr bool is_array_v = false;
template <class T, class S>
inline constexpr bool is_array_v<array<T, S>> = true;

} // namespace nd
