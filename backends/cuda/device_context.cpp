#include "device_context.hpp"

#include "arch_table.hpp"
#include "cuda_error.hpp"
#include "device_info.hpp"
#include "kernels.cuh"
#include "kit/fault.hpp"

namespace gpuprobe::cuda {

DeviceContext::DeviceContext(int ordinal) : ordinal_(ordinal) {
  caps_ = query_caps(ordinal);
  caps_.unsupported = unsupported_card_reason(build_archs(), caps_.major, caps_.minor);
}

DeviceContext::~DeviceContext() {
  if (stream_) {
    cudaSetDevice(ordinal_);
    cudaStreamDestroy(stream_);
  }
}

const plugin::InfoList& DeviceContext::info() {
  if (!info_) {
    auto list = std::make_unique<plugin::InfoList>();
    describe_device(ordinal_, caps_, *list);
    info_ = std::move(list);
  }
  return *info_;
}

std::string DeviceContext::pci_address() const { return cuda::pci_address(ordinal_); }

cudaStream_t DeviceContext::stream() {
  check(cudaSetDevice(ordinal_), "cudaSetDevice(" + std::to_string(ordinal_) + ")");
  if (!stream_)
    check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate");
  return stream_;
}

void DeviceContext::synchronize() {
  check(cudaStreamSynchronize(stream()), "cudaStreamSynchronize");
}

void DeviceContext::upload(void* device, const void* host, uint64_t bytes) {
  check(cudaMemcpyAsync(device, host, bytes, cudaMemcpyHostToDevice, stream()),
        "cudaMemcpyAsync(upload, " + kit::format_bytes(bytes) + ")");
  synchronize();
}

void DeviceContext::download(void* host, const void* device, uint64_t bytes) {
  check(cudaMemcpyAsync(host, device, bytes, cudaMemcpyDeviceToHost, stream()),
        "cudaMemcpyAsync(download, " + kit::format_bytes(bytes) + ")");
  synchronize();
}

void DeviceContext::fill_words(void* device, uint32_t pattern, uint64_t bytes) {
  // cudaMemset sets bytes, so a 4-byte pattern is written by a kernel (kernels.cu), with no
  // host copy of the buffer.
  if (bytes < 4) return;
  check(launch::fill_words(stream(), static_cast<uint32_t*>(device), pattern, bytes / 4),
        "fill kernel launch (" + kit::format_bytes(bytes) + ")");
  synchronize();
}

uint32_t fault_code() { return kit::device_fault_code(kit::active_fault()); }

}  // namespace gpuprobe::cuda
