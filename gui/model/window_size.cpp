#include "model/window_size.hpp"

#include <algorithm>

namespace gpuprobe::gui {

WindowSize clamp_window_size(WindowSize wanted, WindowSize bound) {
  auto clamp_side = [](int value, int smallest, int limit) {
    limit = limit > 0 ? std::min(limit, kMaxWindowSide) : kMaxWindowSide;
    return std::clamp(value, smallest, std::max(smallest, limit));
  };
  return {clamp_side(wanted.width, kMinWindowWidth, bound.width),
          clamp_side(wanted.height, kMinWindowHeight, bound.height)};
}

}  // namespace gpuprobe::gui
