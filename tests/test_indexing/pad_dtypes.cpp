// nd::pad's golden cases of the dtypes besides int32 and float64 (pad_cases.h runs them): float32, uint8, bool and
// complex64 on the modes where their conversions differ (float32 means, uint8 ramps floored, bool maxima, complex
// ramps and means).
#include "pad_cases.h"

#include <cstdint>

namespace {

using pad_golden::run_pad;

TEST(PadGolden, Float32) {
  EXPECT_EQ(run_pad<float>(nd::device, "f32"), (std::set<std::string>{"reflect", "ramp", "mean"}));
}
TEST(PadGolden, UInt8) {
  EXPECT_EQ(run_pad<std::uint8_t>(nd::device, "u8"), (std::set<std::string>{"wrap", "ramp", "mean"}));
}
TEST(PadGolden, Bool) {
  EXPECT_EQ(run_pad<bool>(nd::device, "b"), (std::set<std::string>{"symmetric", "wrap", "maximum"}));
}
TEST(PadGolden, Complex64) {
  EXPECT_EQ(run_pad<nd::complex64>(nd::device, "c64"), (std::set<std::string>{"reflect", "ramp", "mean"}));
}

} // namespace
