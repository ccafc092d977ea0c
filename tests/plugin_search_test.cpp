// Plugin search on a messy system: missing directories, second copies of a backend and
// files that are not plugins are reported in plain words; each backend registers once.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "plugin_registry.hpp"

using namespace gpuprobe;
namespace fs = std::filesystem;

namespace {

const std::string kGood = std::string(FAKE_PLUGIN_ROOT) + "/good";

// A fresh directory under the test's temp dir.
std::string scratch(const std::string& name) {
  const fs::path dir = fs::path(testing::TempDir()) / ("gpuprobe_plugin_search_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

bool any_note_has(const PluginRegistry& r, const std::string& text) {
  for (const auto& n : r.notes())
    if (n.find(text) != std::string::npos) return true;
  return false;
}

TEST(PluginSearch, MissingDirectoryIsANoteAndTheOthersStillLoad) {
  PluginRegistry registry({"/nonexistent/gpuprobe-plugins", kGood});
  ASSERT_EQ(registry.backends().size(), 1u);
  EXPECT_TRUE(registry.backends()[0].available);
  EXPECT_TRUE(any_note_has(registry, "'/nonexistent/gpuprobe-plugins' does not exist"));
}

TEST(PluginSearch, ACopyInASecondDirectoryRegistersOnceWithANote) {
  // Once under the same file name, once renamed, once as a link to the same file (which
  // dlopen returns as the already loaded library: it must not be initialised twice).
  const std::string dir = scratch("copies");
  fs::copy_file(kGood + "/gpuprobe-backend-fake.so", dir + "/gpuprobe-backend-fake.so");
  fs::copy_file(kGood + "/gpuprobe-backend-fake.so", dir + "/gpuprobe-backend-fake2.so");
  fs::create_symlink(fs::absolute(kGood + "/gpuprobe-backend-fake.so"),
                     dir + "/gpuprobe-backend-fake3.so");
  PluginRegistry registry({kGood, dir});
  ASSERT_EQ(registry.backends().size(), 1u);
  EXPECT_EQ(registry.backends()[0].name, "fake");
  EXPECT_TRUE(registry.backends()[0].available);
  EXPECT_NE(registry.plugin("fake"), nullptr);
  for (const char* copy : {"fake.so", "fake2.so", "fake3.so"})
    EXPECT_TRUE(any_note_has(registry, "ignored " + dir + "/gpuprobe-backend-" + copy +
                                           ": backend 'fake' is already loaded from " + kGood))
        << copy;
  fs::remove_all(dir);
}

TEST(PluginSearch, AFileThatIsNotALibraryIsNotAValidPlugin) {
  const std::string dir = scratch("junk");
  std::ofstream(dir + "/gpuprobe-backend-junk.so") << "not a shared library\n";
  PluginRegistry registry({dir});
  ASSERT_EQ(registry.backends().size(), 1u);
  const BackendStatus& s = registry.backends()[0];
  EXPECT_FALSE(s.available);
  EXPECT_NE(s.reason.find("not a valid gpuprobe plugin"), std::string::npos) << s.reason;
  EXPECT_EQ(s.reason.find("ocl-icd"), std::string::npos) << s.reason;
  fs::remove_all(dir);
}

TEST(PluginSearch, ALibraryWithoutTheEntryIsNotAValidPlugin) {
  PluginRegistry registry({std::string(FAKE_PLUGIN_ROOT) + "/no_entry"});
  ASSERT_EQ(registry.backends().size(), 1u);
  EXPECT_NE(registry.backends()[0].reason.find("not a valid gpuprobe plugin"), std::string::npos)
      << registry.backends()[0].reason;
}

}  // namespace
