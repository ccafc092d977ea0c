// tests/expected_unsupported.txt against this machine: every present device's supports()
// is asked for every conformance point. A refused point that no entry lists fails (a new
// "unsupported" on CI), and so does a listed point that is now supported (a stale list),
// an entry that names no conformance point, and a required backend that is not here to be
// checked. Entries for devices this machine lacks are printed as not checked.
#include "expected_unsupported.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "conformance_points.hpp"
#include "plugin_registry.hpp"
#include "required_components.hpp"

using namespace gpuprobe;
using test::UnsupportedEntry;

namespace {

PluginRegistry& registry() {
  static PluginRegistry r({GPUPROBE_BIN_DIR});
  return r;
}

std::string last_error(const gp_plugin& plugin) {
  const char* e = plugin.last_error ? plugin.last_error() : nullptr;
  return e && *e ? e : "(no message)";
}

}  // namespace

TEST(ExpectedUnsupported, FileParses) {
  const test::ExpectedUnsupported& list = test::expected_unsupported();
  for (const std::string& e : list.errors) ADD_FAILURE() << "tests/expected_unsupported.txt " << e;
  EXPECT_FALSE(list.entries.empty());
}

TEST(ExpectedUnsupported, EveryEntryNamesAConformancePoint) {
  for (const UnsupportedEntry& e : test::expected_unsupported().entries) {
    bool named = false;
    for (const KernelSpec& k : kernel_specs())
      for (const KernelParams& p : test::conformance_points(k.id))
        named |= e.matches_point(test::point_name(k, p));
    EXPECT_TRUE(named) << e.where() << ": '" << e.point_pattern << "' matches no conformance point";
  }
}

TEST(ExpectedUnsupported, ListMatchesEveryDeviceHere) {
  const test::ExpectedUnsupported& list = test::expected_unsupported();
  ASSERT_TRUE(list.errors.empty()) << list.errors.front();
  for (const std::string& name : test::required_backends()) {
    bool available = false;
    for (const BackendStatus& b : registry().backends()) available |= b.name == name && b.available;
    EXPECT_TRUE(available) << "required backend " << name
                           << " is unavailable, so its entries cannot be checked";
  }

  std::vector<bool> checked(list.entries.size(), false);
  int points = 0, unsupported = 0;
  for (const BackendStatus& backend : registry().backends()) {
    if (!backend.available) continue;
    const gp_plugin& plugin = *registry().plugin(backend.name);
    for (const DeviceInfo& device : backend.devices) {
      for (size_t i = 0; i < list.entries.size(); ++i)
        if (list.entries[i].applies_to(backend.name, device.name)) checked[i] = true;
      for (const KernelSpec& kernel : kernel_specs())
        for (const KernelParams& params : test::conformance_points(kernel.id)) {
          const std::string point = test::point_name(kernel, params);
          const gp_run_params query = test::supports_query(kernel, params);
          const gp_status status = plugin.supports(device.index, &query);
          const UnsupportedEntry* listed = list.find(backend.name, device.name, point);
          ++points;
          if (status == GP_ERR_UNSUPPORTED) {
            ++unsupported;
            if (!listed)
              ADD_FAILURE() << device.label() << " " << point << " is unsupported ("
                            << last_error(plugin)
                            << ") and not listed; if that is right for this device, add\n  "
                            << backend.name << " | " << device.name << " | " << point << " | <why>";
            else
              std::printf("listed:  %-10s %-24s %s\n", device.label().c_str(), point.c_str(),
                          last_error(plugin).c_str());
          } else if (status == GP_OK) {
            if (listed)
              ADD_FAILURE() << device.label() << " " << point << " is supported now, but "
                            << listed->where() << " lists it as unsupported: stale entry";
          } else {
            ADD_FAILURE() << device.label() << " " << point << ": supports() failed with status "
                          << status << ": " << last_error(plugin);
          }
        }
    }
  }
  std::printf("%d points asked, %d unsupported\n", points, unsupported);
  for (size_t i = 0; i < list.entries.size(); ++i)
    if (!checked[i])
      std::printf("not checked here (no such device): %s | %s | %s\n",
                  list.entries[i].backend.c_str(), list.entries[i].device_pattern.c_str(),
                  list.entries[i].point_pattern.c_str());
  EXPECT_GT(points, 0) << "no device to check";
}
