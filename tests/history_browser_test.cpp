// The History panel's model: series from stored points, the default kernel, a missing store
// shown empty (and not created), a corrupt one reported.
#include "model/history_browser.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "history_fixture.hpp"

namespace fs = std::filesystem;
using namespace gpuprobe;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("gpuprobe-browser-" + std::to_string(getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST(HistoryBrowser, TrendHasASeriesPerDeviceAndSizeOnSharedRunPositions) {
  const fs::path dir = scratch("trend");
  const std::string db = (dir / "h.sqlite").string();
  {
    auto store = open_history_store(db);
    store->save(test::crafted_run("a", "d1", "gpu", {{"read", "GB/s", 1024, 10, 1}}, "cpu"), "");
    store->save(test::crafted_run("a", "d2", "gpu", {{"launch_latency", "us", 0, 3, 0}}, "cpu"),
                "");
    store->save(
        test::crafted_run("b", "d3", "gpu",
                          {{"read", "GB/s", 1024, 12, 1}, {"read", "GB/s", 2048, 20, 1}}, "opencl"),
        "");
  }
  gui::HistoryBrowser browser(db);
  browser.load();
  ASSERT_TRUE(browser.error().empty()) << browser.error();
  EXPECT_EQ(browser.runs().size(), 3u);
  // kernels.def order: read comes before launch_latency, whatever the runs' order.
  ASSERT_EQ(browser.kernels(), (std::vector<std::string>{"read", "launch_latency"}));
  EXPECT_EQ(browser.kernel(), "read");
  EXPECT_EQ(browser.devices(), (std::vector<std::string>{"cpu:0", "opencl:0"}));
  ASSERT_EQ(browser.series().size(), 3u);
  EXPECT_EQ(browser.series()[0].samples[0].x, 0);  // run 1: first position
  EXPECT_EQ(browser.series()[1].samples[0].x, 1);  // run 3: second (run 2 has no read)
  EXPECT_DOUBLE_EQ(browser.series()[1].samples[0].median, 12);
  EXPECT_DOUBLE_EQ(browser.series()[1].samples[0].max, 13);
  EXPECT_EQ(browser.series()[0].unit, "GB/s");

  browser.select("read", "opencl:0");
  ASSERT_EQ(browser.series().size(), 2u);
  EXPECT_NE(browser.series()[0].label.find("opencl:0"), std::string::npos);
  EXPECT_EQ(browser.series()[0].samples[0].x, 0);  // positions count only the runs shown
  fs::remove_all(dir);
}

TEST(HistoryBrowser, MissingStoreIsEmptyAndNotCreated) {
  const fs::path dir = scratch("missing");
  gui::HistoryBrowser browser((dir / "none.sqlite").string());
  browser.load();
  EXPECT_TRUE(browser.error().empty());
  EXPECT_TRUE(browser.runs().empty());
  EXPECT_FALSE(fs::exists(dir / "none.sqlite"));
  fs::remove_all(dir);
}

TEST(HistoryBrowser, CorruptStoreIsReportedByName) {
  const fs::path dir = scratch("corrupt");
  const std::string db = (dir / "bad.sqlite").string();
  std::ofstream(db) << std::string(4096, 'x');
  gui::HistoryBrowser browser(db);
  browser.load();
  EXPECT_NE(browser.error().find(db), std::string::npos) << browser.error();
  EXPECT_TRUE(browser.runs().empty());
  fs::remove_all(dir);
}
