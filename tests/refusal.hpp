// What a call refuses: the message of the exception of type E (std::invalid_argument: bad
// input) that `f` throws, "" when it throws none.
#pragma once

#include <stdexcept>
#include <string>

namespace gpuprobe::test {

template <typename E = std::invalid_argument, typename F>
std::string refusal(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

}  // namespace gpuprobe::test
