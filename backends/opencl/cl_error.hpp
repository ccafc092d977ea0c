// OpenCL status codes -> plugin errors. Allocation failures become GP_ERR_OUT_OF_MEMORY
// (the core reports them as "did not fit", not as a broken device); everything else is
// GP_ERR_DEVICE with the call and the code's name, so a log line says what failed.
#pragma once

#include <cstdint>
#include <string>

#include "cl_api.hpp"
#include "gpuprobe/plugin.h"

namespace gpuprobe::opencl {

// "CL_OUT_OF_RESOURCES", or "OpenCL error -9999" for codes we do not know.
std::string error_name(cl_int code);

// The plugin status an OpenCL error maps to.
gp_status status_for(cl_int code);

// Throws plugin::Error(status_for(code), "<what>: <name>") unless code is CL_SUCCESS.
void check(cl_int code, const std::string& what);

}  // namespace gpuprobe::opencl
