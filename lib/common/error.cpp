// Out-of-line throw helpers: checks inline only a compare and a call.
#include <ndthrust/core/dtype.h>
#include <ndthrust/core/error.h>

namespace nd {
namespace detail {
void throw_shape_error(const std::string& msg) { throw shape_error(msg); }
void throw_axis_error(const std::string& msg) { throw axis_error(msg); }
void throw_index_error(const std::string& msg) { throw index_error(msg); }
void throw_value_error(const std::string& msg) { throw value_error(msg); }
void throw_dtype_error(const std::string& msg) { throw dtype_error(msg); }
} // namespace detail

const char* dtype_str(dtype d) {
  switch (d) {
  case dtype::bool_: return "bool";
  case dtype::int8: return "int8";
  case dtype::int16: return "int16";
  case dtype::int32: return "int32";
  case dtype::int64: return "int64";
  case dtype::uint8: return "uint8";
  case dtype::uint16: return "uint16";
  case dtype::uint32: return "uint32";
  case dtype::uint64: return "uint64";
  case dtype::float32: return "float32";
  case dtype::float64: return "float64";
  case dtype::complex64: return "complex64";
  case dtype::complex128: return "complex128";
  }
  return "unknown";
}
} // namespace nd
