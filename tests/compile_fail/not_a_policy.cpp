// Must NOT compile: an algorithm called without an execution policy first.
#include <ndthrust/ndthrust.h>

int main() {
  auto a = nd::empty<float>(42, nd::shape_t{4});
  return static_cast<int>(a.size());
}
