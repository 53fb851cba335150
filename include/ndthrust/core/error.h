// ndthrust/core/error.h — the exception hierarchy. Messages follow NumPy's wording where NumPy has one.
#pragma once

#include <new>
#include <stdexcept>
#include <string>

namespace nd {

/// Base of every ndthrust error except out_of_memory (which is a std::bad_alloc, as the standard expects).
class error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Shapes that do not match or broadcast, a reshape of the wrong size (NumPy's ValueError for shapes).
class shape_error : public error {
public:
  using error::error;
};

/// An axis out of range or repeated (NumPy's AxisError).
class axis_error : public error {
public:
  using error::error;
};

/// An index out of range (NumPy's IndexError).
class index_error : public error {
public:
  using error::error;
};

/// A dtype that is not allowed here (NumPy's TypeError).
class dtype_error : public error {
public:
  using error::error;
};

/// A malformed, truncated or unsupported file.
class format_error : public error {
public:
  using error::error;
};

/// Any other invalid argument (NumPy's ValueError).
class value_error : public error {
public:
  using error::error;
};

/// A linear-algebra failure (NumPy's LinAlgError): a singular matrix, a matrix that is not positive definite, an
/// iteration that did not converge.
class linalg_error : public error {
public:
  using error::error;
};

/// A call inside nd::graph::capture that cannot be recorded: it reads a result back on the host (item(), to_host,
/// synchronize, an algorithm returning a count). The capture is discarded and the stream stays usable.
class capture_error : public error {
public:
  using error::error;
};

/// A CUDA runtime or library call failed; code() is the cudaError_t (or library status) as an int.
class cuda_error : public error {
public:
  cuda_error(int code, const std::string& what) : error(what), code_(code) {}
  int code() const noexcept { return code_; }

private:
  int code_;
};

/// Device or host memory ran out. The library stays usable afterwards.
class out_of_memory : public std::bad_alloc {
public:
  explicit out_of_memory(std::string what) : what_(std::move(what)) {}
  const char* what() const noexcept override { return what_.c_str(); }

private:
  std::string what_;
};

namespace detail {
/// Throws E with `msg`; out of line so that checks cost one compare and a call on the cold path.
[[noreturn]] void throw_shape_error(const std::string& msg);
[[noreturn]] void throw_axis_error(const std::string& msg);
[[noreturn]] void throw_index_error(const std::string& msg);
[[noreturn]] void throw_value_error(const std::string& msg);
[[noreturn]] void throw_dtype_error(const std::string& msg);
} // namespace detail

} // namespace nd

/// Checks that guard users: always on, release builds included.
#define NDTHRUST_EXPECTS(cond, kind, msg)                                                                              \
  do {                                                                                                                 \
    if (!(cond)) ::nd::detail::throw_##kind(msg);                                                                      \
  } while (0)
