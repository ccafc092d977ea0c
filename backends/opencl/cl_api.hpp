// The one place that includes the OpenCL headers, so every file agrees on the target
// version. 3.0 headers still declare the 1.2 entry points we call on 1.2-only drivers;
// nothing here calls a 2.x/3.x function without first checking the device version.
#pragma once

#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 300
#endif
// clCreateCommandQueue is the only queue constructor a 1.2 driver has; it is deprecated
// (not removed) in the 2.0+ headers.
#define CL_USE_DEPRECATED_OPENCL_1_2_APIS
#include <CL/cl.h>
#include <CL/cl_ext.h>
