// One function per kernel of kernels.def. Each allocates its buffers, fills them from the
// seed, times launches through the pool, verifies the output against the host reference
// and fills in the result. Errors are thrown as plugin::Error and turned into a status at
// the ABI.
#pragma once

#include "context.hpp"
#include "gpuprobe/plugin.h"

namespace gpuprobe::cpu {

using KernelRun = gp_status (*)(Context&, const gp_run_params&, gp_run_result&);

gp_status run_read(Context&, const gp_run_params&, gp_run_result&);
gp_status run_write(Context&, const gp_run_params&, gp_run_result&);
gp_status run_copy(Context&, const gp_run_params&, gp_run_result&);
gp_status run_latency_hiding(Context&, const gp_run_params&, gp_run_result&);
gp_status run_pointer_chase(Context&, const gp_run_params&, gp_run_result&);
gp_status run_launch_latency(Context&, const gp_run_params&, gp_run_result&);
gp_status run_transfer(Context&, const gp_run_params&, gp_run_result&);  // h2d and d2h
gp_status run_local_bandwidth(Context&, const gp_run_params&, gp_run_result&);
gp_status run_compute(Context&, const gp_run_params&, gp_run_result&);  // + register_bandwidth
gp_status run_matmul(Context&, const gp_run_params&, gp_run_result&);   // naive, tiled, vendor

KernelRun kernel_run(gp_kernel_id kernel);

}  // namespace gpuprobe::cpu
