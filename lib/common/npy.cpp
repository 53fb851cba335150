// .npy files: a bounds-checked parser of the header's Python dict literal, and NumPy's exact header layout on write.
#include <ndthrust/io/npy.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include <unistd.h>

namespace nd {
namespace {

constexpr char magic[]          = "\x93NUMPY";
constexpr std::size_t magic_len = 6;
constexpr std::size_t align     = 64;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw format_error("cannot load .npy file '" + path + "': " + what);
}

bool host_is_little() {
  const std::uint16_t one = 1;
  unsigned char b;
  std::memcpy(&b, &one, 1);
  return b == 1;
}

// --- descr strings -------------------------------------------------------------------------------------------------

struct descr_info {
  dtype type;
  bool big_endian;
};

bool parse_descr(const std::string& s, descr_info& out) {
  std::size_t i = 0;
  char order    = '|';
  if (!s.empty() && (s[0] == '<' || s[0] == '>' || s[0] == '|' || s[0] == '=')) order = s[i++];
  std::string code = s.substr(i);
  static const struct {
    const char* code;
    dtype type;
  } table[] = {{"b1", dtype::bool_},   {"?", dtype::bool_},      {"i1", dtype::int8},        {"i2", dtype::int16},
               {"i4", dtype::int32},   {"i8", dtype::int64},     {"u1", dtype::uint8},       {"u2", dtype::uint16},
               {"u4", dtype::uint32},  {"u8", dtype::uint64},    {"f4", dtype::float32},     {"f8", dtype::float64},
               {"c8", dtype::complex64}, {"c16", dtype::complex128}};
  for (const auto& e : table) {
    if (code == e.code) {
      out.type = e.type;
      // '=' is the native order; '|' (not applicable) only matters for one-byte types.
      out.big_endian = order == '>' || (order == '=' && !host_is_little());
      return true;
    }
  }
  return false;
}

const char* descr_of(dtype t) {
  switch (t) {
  case dtype::bool_: return "|b1";
  case dtype::int8: return "|i1";
  case dtype::int16: return "<i2";
  case dtype::int32: return "<i4";
  case dtype::int64: return "<i8";
  case dtype::uint8: return "|u1";
  case dtype::uint16: return "<u2";
  case dtype::uint32: return "<u4";
  case dtype::uint64: return "<u8";
  case dtype::float32: return "<f4";
  case dtype::float64: return "<f8";
  case dtype::complex64: return "<c8";
  case dtype::complex128: return "<c16";
  }
  return "?";
}

// --- the header's dict literal ---------------------------------------------------------------------------------------

/// One parsed Python literal; only what .npy headers use is kept (strings, bools, tuples of ints).
struct literal {
  enum kind_t { string, boolean, integer, tuple, other } kind = other;
  std::string text; // the string's value, or the literal's source text
  bool b    = false;
  bool fits = true; // an integer that fits index_t
  index_t i = 0;
  std::vector<literal> items;
};

class dict_parser {
public:
  dict_parser(const std::string& src, const std::string& path) : s_(src), path_(path) {}

  /// Parses `{key: value, ...}` followed only by whitespace.
  std::vector<std::pair<std::string, literal>> parse() {
    std::vector<std::pair<std::string, literal>> out;
    skip_ws();
    if (!peek('{')) bad("the header is not a dictionary: " + excerpt(pos_));
    ++pos_;
    skip_ws();
    while (!peek('}')) {
      literal key = value(0);
      if (key.kind != literal::string) bad("header keys must be strings, got " + key.text);
      skip_ws();
      expect(':');
      literal v = value(0);
      out.emplace_back(key.text, std::move(v));
      skip_ws();
      if (peek(',')) {
        ++pos_;
        skip_ws();
      } else if (!peek('}')) {
        bad("expected ',' or '}' in the header at byte " + std::to_string(pos_));
      }
    }
    ++pos_;
    skip_ws();
    if (pos_ != s_.size()) bad("unexpected text after the header dictionary: " + excerpt(pos_));
    return out;
  }

private:
  static constexpr int max_depth = 32; // deep nesting is never a valid header; refuse before the stack grows

  [[noreturn]] void bad(const std::string& what) const { fail(path_, what); }
  bool at_end() const { return pos_ >= s_.size(); }
  bool peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  void expect(char c) {
    if (!peek(c))
      bad(std::string("expected '") + c + "' in the header at byte " + std::to_string(pos_) +
          (at_end() ? " (end of header)" : ""));
    ++pos_;
  }
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r' ||
                                s_[pos_] == '\f'))
      ++pos_;
  }
  std::string excerpt(std::size_t from) const {
    std::string e = s_.substr(from < s_.size() ? from : s_.size(), 40);
    for (char& c : e)
      if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126) c = '?';
    return "'" + e + "'";
  }
  static bool word_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.';
  }

  literal value(int depth) {
    if (depth > max_depth) bad("the header nests too deeply");
    skip_ws();
    if (at_end()) bad("the header ends where a value was expected");
    std::size_t start = pos_;
    char c            = s_[pos_];
    literal v;
    if (c == '\'' || c == '"') {
      v.kind = literal::string;
      ++pos_;
      while (true) {
        if (at_end()) bad("unterminated string in the header");
        char d = s_[pos_++];
        if (d == c) break;
        if (d == '\\') {
          if (at_end()) bad("unterminated string in the header");
          d = s_[pos_++];
        }
        v.text += d;
      }
      return v;
    }
    if (c == '(' || c == '[' || c == '{') {
      char close = c == '(' ? ')' : c == '[' ? ']' : '}';
      ++pos_;
      bool comma = false;
      skip_ws();
      while (!peek(close)) {
        v.items.push_back(value(depth + 1));
        if (c == '{') { // a nested dict: skip its values too
          skip_ws();
          expect(':');
          value(depth + 1);
        }
        skip_ws();
        if (peek(',')) {
          ++pos_;
          comma = true;
          skip_ws();
        } else if (!peek(close)) {
          bad(std::string("expected ',' or '") + close + "' in the header at byte " + std::to_string(pos_));
        }
      }
      ++pos_;
      v.text = s_.substr(start, pos_ - start);
      // `(5)` is a parenthesised 5, not a tuple; `()` and `(5,)` are tuples.
      if (c == '(' && !comma && v.items.size() == 1) return v.items[0];
      v.kind = c == '(' ? literal::tuple : literal::other;
      return v;
    }
    if (c == '-' || c == '+' || word_char(c)) {
      if (c == '-' || c == '+') ++pos_;
      while (pos_ < s_.size() && word_char(s_[pos_])) ++pos_;
      v.text           = s_.substr(start, pos_ - start);
      std::string word = v.text;
      if (word == "True" || word == "False") {
        v.kind = literal::boolean;
        v.b    = word == "True";
        return v;
      }
      std::size_t k = 0;
      bool neg      = false;
      if (k < word.size() && (word[k] == '-' || word[k] == '+')) neg = word[k++] == '-';
      std::size_t end = word.size();
      if (end > k + 1 && (word[end - 1] == 'L' || word[end - 1] == 'l')) --end; // Python 2 long suffix
      if (k == end) return v;
      index_t x = 0;
      for (std::size_t j = k; j < end; ++j) {
        char d = word[j];
        if (d < '0' || d > '9') return v; // not an integer (a float, a name): kind stays `other`
        if (x > (INT64_MAX - (d - '0')) / 10) v.fits = false;
        else x = x * 10 + (d - '0');
      }
      v.kind = literal::integer;
      v.i    = neg ? -x : x;
      return v;
    }
    bad("cannot parse the header at byte " + std::to_string(pos_) + ": " + excerpt(pos_));
  }

  const std::string& s_;
  const std::string& path_;
  std::size_t pos_ = 0;
};

npy_header interpret(const std::vector<std::pair<std::string, literal>>& d, const std::string& path, int version) {
  const literal *descr = nullptr, *order = nullptr, *shape = nullptr;
  bool other_keys = false;
  for (const auto& kv : d) {
    if (kv.first == "descr") descr = &kv.second;
    else if (kv.first == "fortran_order") order = &kv.second;
    else if (kv.first == "shape") shape = &kv.second;
    else other_keys = true;
  }
  if (!descr || !order || !shape || other_keys) {
    std::string keys;
    for (const auto& kv : d) keys += (keys.empty() ? "'" : ", '") + kv.first + "'";
    fail(path, "the header does not contain the correct keys ('descr', 'fortran_order', 'shape'): [" + keys + "]");
  }
  npy_header h{};
  h.version = version;
  if (order->kind != literal::boolean) fail(path, "fortran_order is not a valid bool: " + order->text);
  h.fortran_order = order->b;
  if (descr->kind != literal::string)
    throw dtype_error("cannot load .npy file '" + path + "': unsupported dtype descriptor " + descr->text +
                      " (structured dtypes are not supported)");
  descr_info di{};
  if (!parse_descr(descr->text, di))
    throw dtype_error("cannot load .npy file '" + path + "': unsupported dtype descriptor '" + descr->text +
                      "'; ndthrust arrays hold bool, int8-int64, uint8-uint64, float32, float64, complex64 and "
                      "complex128");
  h.type        = di.type;
  h.byteswapped = itemsize(di.type) > 1 && di.big_endian == host_is_little();
  if (shape->kind != literal::tuple) fail(path, "shape is not valid: " + shape->text);
  if (shape->items.size() > static_cast<std::size_t>(max_ndim))
    fail(path, "shape " + shape->text + " has " + std::to_string(shape->items.size()) +
                 " dimensions; ndthrust supports at most " + std::to_string(max_ndim));
  for (const literal& e : shape->items) {
    if (e.kind != literal::integer) fail(path, "shape is not valid: " + shape->text);
    if (e.i < 0) fail(path, "negative dimensions are not allowed: shape " + shape->text);
    if (!e.fits) fail(path, "shape " + shape->text + " is too large: an extent does not fit a 64-bit index");
    h.shape.push_back(e.i);
  }
  // The check every new array's shape passes: the size in bytes must fit index_t (a zero extent does not excuse
  // the others, as NumPy refuses them too), so that later size arithmetic cannot overflow.
  try {
    check_shape(h.shape, static_cast<std::size_t>(itemsize(h.type)));
  } catch (const value_error& e) {
    fail(path, "shape " + shape->text + " is too large: " + e.what());
  }
  return h;
}

std::uint64_t file_size(std::ifstream& in, const std::string& path) {
  in.seekg(0, std::ios::end);
  auto end = in.tellg();
  in.seekg(0, std::ios::beg);
  if (!in || end < 0) fail(path, "the file is not readable");
  return static_cast<std::uint64_t>(end);
}

std::ifstream open_for_read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, std::strerror(errno));
  return in;
}

void read_exact(std::ifstream& in, void* dst, std::uint64_t n, const std::string& path) {
  in.read(static_cast<char*>(dst), static_cast<std::streamsize>(n));
  if (static_cast<std::uint64_t>(in.gcount()) != n) fail(path, "read error (the file changed or is unreadable)");
}

void byteswap(void* data, std::uint64_t count, int width) {
  auto* p = static_cast<unsigned char*>(data);
  for (std::uint64_t i = 0; i < count; ++i, p += width)
    for (int a = 0, b = width - 1; a < b; ++a, --b) std::swap(p[a], p[b]);
}

} // namespace

namespace detail {

npy_file open_npy(const std::string& path) {
  auto in            = open_for_read(path);
  std::uint64_t size = file_size(in, path);
  unsigned char pre[12];
  if (size < magic_len + 2) fail(path, "the file is too short (" + std::to_string(size) + " bytes) to be a .npy file");
  read_exact(in, pre, magic_len + 2, path);
  if (std::memcmp(pre, magic, magic_len) != 0) fail(path, "bad magic string: not a .npy file");
  int major = pre[6], minor = pre[7];
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    fail(path, "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor) +
                 " (supported: 1.0, 2.0, 3.0)");
  std::uint64_t len_bytes = major == 1 ? 2 : 4;
  if (size < magic_len + 2 + len_bytes) fail(path, "the file ends inside the header length");
  read_exact(in, pre + 8, len_bytes, path);
  std::uint64_t hlen = 0;
  for (std::uint64_t k = 0; k < len_bytes; ++k) hlen |= static_cast<std::uint64_t>(pre[8 + k]) << (8 * k);
  std::uint64_t data_offset = magic_len + 2 + len_bytes + hlen;
  if (data_offset > size)
    fail(path, "header length " + std::to_string(hlen) + " runs past the end of the file (" + std::to_string(size) +
                 " bytes)");
  std::string text(static_cast<std::size_t>(hlen), '\0');
  if (hlen) read_exact(in, text.data(), hlen, path);
  auto dict = dict_parser(text, path).parse();
  return {interpret(dict, path, major), data_offset};
}

std::uint64_t check_npy_data(const std::string& path, const npy_file& f) {
  const npy_header& h = f.header;
  // Checked in unsigned arithmetic: the header's shape is untrusted, and this runs before anything is allocated.
  std::uint64_t bytes = static_cast<std::uint64_t>(itemsize(h.type));
  bool overflow       = false;
  for (index_t e : h.shape) {
    if (e < 0) fail(path, "negative dimensions are not allowed: shape " + shape_str(h.shape));
    auto u = static_cast<std::uint64_t>(e);
    if (u != 0 && bytes > UINT64_MAX / u) overflow = true;
    else bytes *= u;
  }
  bool any_zero = false;
  for (index_t e : h.shape) any_zero |= e == 0;
  if (any_zero) bytes = 0;
  auto in            = open_for_read(path);
  std::uint64_t size = file_size(in, path);
  std::uint64_t held = size > f.data_offset ? size - f.data_offset : 0;
  if ((overflow && !any_zero) || size < f.data_offset || held < bytes)
    fail(path, "the data is truncated: shape " + shape_str(h.shape) + " of " + dtype_str(h.type) + " needs " +
                 (overflow && !any_zero ? std::string("more than 2**64") : std::to_string(bytes)) +
                 " bytes, the file holds " + std::to_string(held));
  return bytes;
}

void read_npy_data(const std::string& path, const npy_file& f, void* dst) {
  const npy_header& h = f.header;
  std::uint64_t bytes = check_npy_data(path, f);
  auto in             = open_for_read(path);
  if (bytes == 0) return;
  in.seekg(static_cast<std::streamoff>(f.data_offset));
  read_exact(in, dst, bytes, path);
  if (h.byteswapped) {
    bool cplx = h.type == dtype::complex64 || h.type == dtype::complex128;
    int width = cplx ? itemsize(h.type) / 2 : itemsize(h.type);
    byteswap(dst, bytes / width, width);
  }
  if (h.type == dtype::bool_) { // any nonzero byte is True; a C++ bool must hold exactly 0 or 1
    auto* p = static_cast<unsigned char*>(dst);
    for (std::uint64_t i = 0; i < bytes; ++i) p[i] = p[i] != 0;
  }
}

void write_npy(const std::string& path, dtype type, const shape_t& shape, const void* data) {
  // The header np.save writes: sorted keys, a trailing ", ", room to grow the first axis, then spaces and '\n'
  // up to a multiple of 64 bytes.
  std::string dict = std::string("{'descr': '") + descr_of(type) + "', 'fortran_order': False, 'shape': " +
                     shape_str(shape) + ", }";
  if (shape.size() > 0) {
    constexpr std::size_t growth_axis_max_digits = 21;
    std::size_t digits                           = std::to_string(shape[0]).size();
    dict.append(growth_axis_max_digits > digits ? growth_axis_max_digits - digits : 0, ' ');
  }
  std::size_t hlen  = dict.size() + 1;
  int version       = 1;
  std::size_t pfx   = magic_len + 2 + 2;
  std::size_t total = hlen + (align - (pfx + hlen) % align);
  if (total > 65535) {
    version = 2;
    pfx     = magic_len + 2 + 4;
    total   = hlen + (align - (pfx + hlen) % align);
  }
  std::string out(magic, magic_len);
  out += static_cast<char>(version);
  out += '\0';
  for (std::size_t k = 0; k < (version == 1 ? 2u : 4u); ++k) out += static_cast<char>((total >> (8 * k)) & 0xff);
  out += dict;
  out.append(total - hlen, ' ');
  out += '\n';

  // Write beside the target and rename over it only once complete, so that a failed save leaves the old file.
  static std::atomic<unsigned long long> counter{0};
  const std::string tmp = path + ".tmp." + std::to_string(static_cast<long long>(::getpid())) + "." +
                          std::to_string(counter.fetch_add(1));
  struct remover {
    const std::string& p;
    bool armed = true;
    ~remover() {
      if (armed) std::remove(p.c_str());
    }
  } guard{tmp};
  std::ofstream os(tmp, std::ios::binary | std::ios::trunc);
  if (!os) throw format_error("cannot write .npy file '" + path + "': " + std::strerror(errno));
  os.write(out.data(), static_cast<std::streamsize>(out.size()));
  auto bytes = static_cast<std::uint64_t>(shape_size(shape)) * static_cast<std::uint64_t>(itemsize(type));
  if (bytes > 0) {
    if (host_is_little() || itemsize(type) == 1) {
      os.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
    } else {
      bool cplx = type == dtype::complex64 || type == dtype::complex128;
      int width = cplx ? itemsize(type) / 2 : itemsize(type);
      std::vector<unsigned char> le(static_cast<const unsigned char*>(data),
                                    static_cast<const unsigned char*>(data) + bytes);
      byteswap(le.data(), bytes / width, width);
      os.write(reinterpret_cast<const char*>(le.data()), static_cast<std::streamsize>(bytes));
    }
  }
  os.flush();
  if (!os) throw format_error("cannot write .npy file '" + path + "': write failed");
  os.close();
  if (os.fail()) throw format_error("cannot write .npy file '" + path + "': write failed");
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw format_error("cannot write .npy file '" + path + "': " + std::strerror(errno));
  guard.armed = false;
}

void throw_npy_dtype_mismatch(const std::string& path, dtype file, dtype wanted) {
  throw dtype_error("cannot load .npy file '" + path + "' of dtype " + dtype_str(file) + " into an array of dtype " +
                    dtype_str(wanted));
}

} // namespace detail

npy_header read_npy_header(const std::string& path) { return detail::open_npy(path).header; }

} // namespace nd
