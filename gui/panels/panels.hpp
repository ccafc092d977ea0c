// One function per panel, one file each. A panel draws into the current ImGui child
// window from the App's state and calls its actions; it keeps no data of its own.
#pragma once

namespace gpuprobe::gui {

class App;

void draw_devices_panel(App& app);   // backends, devices, capability table
void draw_run_panel(App& app);       // choose devices and kernels, Run / Cancel, progress
void draw_results_panel(App& app);   // kernel rows x device/API columns
void draw_charts_panel(App& app);    // family bars, latency curve, latency hiding, matmul ladder
void draw_why_cuda_panel(App& app);  // bandwidth share of spec, matmul ladder, feature matrix
void draw_files_panel(App& app);     // open, save, export
void draw_check_panel(App& app);     // the buyer's check: run it, verdict and evidence
void draw_history_panel(App& app);   // stored runs and one kernel's trend over them

}  // namespace gpuprobe::gui
