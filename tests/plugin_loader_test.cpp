#include <gtest/gtest.h>

#include "plugin_registry.hpp"

using namespace gpuprobe;

namespace {

BackendStatus load_only(const std::string& variant) {
  PluginRegistry registry({std::string(FAKE_PLUGIN_ROOT) + "/" + variant});
  EXPECT_EQ(registry.backends().size(), 1u);
  return registry.backends().at(0);
}

}  // namespace

TEST(PluginLoader, GoodPluginIsAvailableWithItsDevices) {
  const BackendStatus s = load_only("good");
  EXPECT_TRUE(s.available) << s.reason;
  ASSERT_EQ(s.devices.size(), 1u);
  EXPECT_EQ(s.devices[0].name, "Fake Device");
  EXPECT_EQ(s.devices[0].backend, "fake");
  EXPECT_EQ(s.devices[0].api, "Fake API");
}

TEST(PluginLoader, MissingRuntimeLibraryIsReportedUnavailable) {
  const BackendStatus s = load_only("needs_library");
  EXPECT_FALSE(s.available);
  EXPECT_NE(s.reason.find("cannot load plugin"), std::string::npos) << s.reason;
  EXPECT_NE(s.reason.find("libfake_dependency.so"), std::string::npos) << s.reason;
}

TEST(PluginLoader, MissingEntrySymbolIsReportedUnavailable) {
  const BackendStatus s = load_only("no_entry");
  EXPECT_FALSE(s.available);
  EXPECT_NE(s.reason.find("gpuprobe_plugin_entry not found"), std::string::npos) << s.reason;
}

TEST(PluginLoader, WrongAbiVersionIsAClearError) {
  const BackendStatus s = load_only("wrong_abi");
  EXPECT_FALSE(s.available);
  EXPECT_NE(s.reason.find("ABI version " + std::to_string(GP_PLUGIN_ABI_VERSION + 1)),
            std::string::npos)
      << s.reason;
  EXPECT_NE(s.reason.find("rebuild the plugin"), std::string::npos) << s.reason;
}

TEST(PluginLoader, Version2PluginIsRefusedNamingWhatVersion3Added) {
  static_assert(GP_PLUGIN_ABI_VERSION == 3u, "update this test with the ABI version");
  const BackendStatus s = load_only("old_abi");
  EXPECT_FALSE(s.available);
  EXPECT_EQ(s.reason,
            "plugin ABI version 2 does not match gpuprobe's ABI version 3 (version 3 added the "
            "tf32, bf16 and int8 matmul precisions and the matmul_tensor kernel, which a "
            "version-2 plugin would misread); rebuild the plugin against this gpuprobe's "
            "plugin.h");
}

TEST(PluginLoader, FailedInitCarriesThePluginsReason) {
  const BackendStatus s = load_only("init_fails");
  EXPECT_FALSE(s.available);
  EXPECT_EQ(s.reason, "no fake driver installed (install fake-driver)");
}

TEST(PluginLoader, BrokenPluginsDoNotStopTheOthers) {
  // Two directories: the first holds a broken plugin named "fake", the second a good one
  // with the same name. The first directory wins the name; a third directory is scanned.
  PluginRegistry registry(
      {std::string(FAKE_PLUGIN_ROOT) + "/wrong_abi", std::string(GPUPROBE_BIN_DIR)});
  bool found_broken = false, found_other = false;
  for (const auto& b : registry.backends()) {
    if (b.name == "fake")
      found_broken = !b.available;
    else
      found_other = true;
  }
  EXPECT_TRUE(found_broken);
  EXPECT_TRUE(found_other) << "plugins in the build directory must still load";
}

TEST(PluginLoader, PluginPathEnvironmentOverridesTheDefault) {
  setenv("GPUPROBE_PLUGIN_PATH",
         (std::string("/nonexistent:") + FAKE_PLUGIN_ROOT + "/good").c_str(), 1);
  const auto dirs = default_plugin_dirs();
  unsetenv("GPUPROBE_PLUGIN_PATH");
  ASSERT_EQ(dirs.size(), 2u);
  EXPECT_EQ(dirs[1], std::string(FAKE_PLUGIN_ROOT) + "/good");
}
