// One test per backend that GPUPROBE_REQUIRE lists: it fails unless the plugin loaded,
// initialised and reported at least one device. Registered whatever the backend's state,
// so a lost backend is a failure and not tests that quietly were never registered.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "plugin_registry.hpp"
#include "required_components.hpp"

namespace gpuprobe::test {

class RequiredBackendTest : public testing::Test {
 public:
  RequiredBackendTest(const PluginRegistry& registry, std::string backend)
      : registry_(registry), backend_(std::move(backend)) {}
  void TestBody() override {
    const BackendStatus* status = nullptr;
    for (const BackendStatus& b : registry_.backends())
      if (b.name == backend_) status = &b;
    ASSERT_NE(status, nullptr) << "required backend " << backend_ << ": no gpuprobe-backend-"
                               << backend_ << ".so found in " << GPUPROBE_BIN_DIR;
    ASSERT_TRUE(status->available)
        << "required backend " << backend_ << " did not load or initialise: " << status->reason
        << " (needs " << runtime_hint(backend_) << ")";
    ASSERT_FALSE(status->devices.empty())
        << "required backend " << backend_ << " reports no device (needs " << runtime_hint(backend_)
        << ")";
    for (const DeviceInfo& d : status->devices) std::printf("  %s\n", d.label().c_str());
  }

 private:
  const PluginRegistry& registry_;
  std::string backend_;
};

// Registers <suite>.<backend> for every required backend.
inline void register_required_backend_tests(const PluginRegistry& registry, const char* suite) {
  for (const std::string& backend : required_backends())
    testing::RegisterTest(suite, backend.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                          [&registry, backend]() -> testing::Test* {
                            return new RequiredBackendTest(registry, backend);
                          });
}

}  // namespace gpuprobe::test
