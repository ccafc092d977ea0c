// Whether the GUI's window drew on the device a figure was taken on. The window renders
// through OpenGL; its renderer string (GL_RENDERER) names either a software rasteriser
// (llvmpipe, softpipe, SwiftShader: it draws on the CPU, so it competes with every
// CPU-hosted device: the CPU backend, PoCL, lavapipe) or a GPU, matched here by name.
// A result taken while the window drew there is marked in the Results panel.
#pragma once

#include <optional>
#include <string>

#include "gpuprobe/results.hpp"

namespace gpuprobe::gui {

// Software rasterisers draw with the CPU.
bool renderer_is_software(const std::string& renderer);

// Whether a window drawing through `renderer` shares the hardware of `device`: a software
// renderer shares every device whose device_type is CPU; a GPU renderer shares a GPU whose
// name it contains (case and punctuation ignored), e.g. "NVIDIA GeForce RTX 4090/PCIe/SSE2"
// and the device "NVIDIA GeForce RTX 4090".
bool renderer_shares_device(const std::string& renderer, const DeviceInfo& device);

// The mark for one device of a run taken as `origin` says: set when the run came from the
// GUI, its window drew during the run (frames per second > 0) and its renderer shares the
// device. The text says how often it drew and on what.
std::optional<std::string> window_mark(const std::optional<RunOrigin>& origin,
                                       const DeviceInfo& device);

}  // namespace gpuprobe::gui
