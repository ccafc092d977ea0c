// Checks the screenshots gpuprobe-gui's scripted mode wrote under Xvfb (see
// gui_screenshot_test.sh): every panel drew something real (many colours, text, the
// series colours in the charts), the error popup for bad files is on screen, and the
// result the GUI saved holds verified measurements.
#include <gtest/gtest.h>
#include <stb_image.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include "gpuprobe/result_io.hpp"

namespace {

const std::string kArtifacts = GPUPROBE_GUI_ARTIFACTS;

struct Rgb {
  int r, g, b;
};

struct Image {
  int width = 0, height = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> pixels{nullptr, stbi_image_free};
  Rgb at(size_t i) const {
    const unsigned char* p = pixels.get() + i * 3;
    return {p[0], p[1], p[2]};
  }
  size_t count() const { return size_t(width) * size_t(height); }
};

Image load(const std::string& path) {
  Image img;
  int channels = 0;
  img.pixels.reset(stbi_load(path.c_str(), &img.width, &img.height, &channels, 3));
  return img;
}

struct Census {
  size_t distinct = 0;
  double background_share = 0;  // share of the most common colour
  double text_share = 0;        // light pixels inside the panel: text on the dark theme
};

// The panel's own area: below the title line and tab bar, above the status bar, so the
// window chrome alone never passes for content.
constexpr int kPanelTop = 55, kStatusBar = 30;

Census census(const Image& img) {
  std::unordered_map<uint32_t, size_t> colours;
  size_t text = 0, panel = 0;
  for (size_t i = 0; i < img.count(); ++i) {
    const Rgb c = img.at(i);
    ++colours[uint32_t(c.r) << 16 | uint32_t(c.g) << 8 | uint32_t(c.b)];
    const int y = int(i / size_t(img.width));
    if (y < kPanelTop || y >= img.height - kStatusBar) continue;
    ++panel;
    if (0.299 * c.r + 0.587 * c.g + 0.114 * c.b > 120) ++text;
  }
  size_t most = 0;
  for (const auto& [colour, n] : colours) most = std::max(most, n);
  return {colours.size(), double(most) / double(img.count()),
          panel ? double(text) / double(panel) : 0.0};
}

// Pixels within `tolerance` of a colour (charts are antialiased, so exact matches are few).
size_t pixels_near(const Image& img, Rgb colour, int tolerance = 12) {
  size_t n = 0;
  for (size_t i = 0; i < img.count(); ++i) {
    const Rgb c = img.at(i);
    n += std::abs(c.r - colour.r) <= tolerance && std::abs(c.g - colour.g) <= tolerance &&
         std::abs(c.b - colour.b) <= tolerance;
  }
  return n;
}

// The same, in the rows [y0, y1) only.
size_t pixels_near_in_rows(const Image& img, Rgb colour, int y0, int y1, int tolerance = 12) {
  size_t n = 0;
  for (int y = std::max(y0, 0); y < std::min(y1, img.height); ++y)
    for (int x = 0; x < img.width; ++x) {
      const Rgb c = img.at(size_t(y) * size_t(img.width) + size_t(x));
      n += std::abs(c.r - colour.r) <= tolerance && std::abs(c.g - colour.g) <= tolerance &&
           std::abs(c.b - colour.b) <= tolerance;
    }
  return n;
}

// What any panel with content looks like, not a blank or single-colour window.
void expect_real_panel(const std::string& path) {
  SCOPED_TRACE(path);
  const Image img = load(path);
  ASSERT_TRUE(img.pixels) << "cannot read " << path << ": " << stbi_failure_reason();
  EXPECT_EQ(img.width, 1280);
  EXPECT_EQ(img.height, 800);
  const Census c = census(img);
  EXPECT_GE(c.distinct, 40u) << "too few colours: a blank window?";
  EXPECT_LE(c.background_share, 0.97) << "almost everything is background";
  EXPECT_GE(c.text_share, 0.002) << "no text to be seen in the panel";
}

constexpr Rgb kFirstSeries{78, 121, 167};   // palette::column(0)
constexpr Rgb kSecondSeries{242, 142, 43};  // palette::column(1)
constexpr Rgb kErrorText{242, 102, 89};     // palette::kBad

// A colour behind an open modal popup: ImGui dims the window with ModalWindowDimBg, grey
// 0.8 at alpha 0.35 in the default style.
constexpr Rgb under_modal(Rgb c) {
  auto dim = [](int v) { return int(v * 0.65 + 204 * 0.35 + 0.5); };
  return {dim(c.r), dim(c.g), dim(c.b)};
}

TEST(GuiScreenshots, EveryPanelOfAQuickRunShowsContent) {
  for (const char* run : {"/cpu/", "/run/"})
    for (const char* panel : {"devices", "run", "results", "charts", "why-cuda", "files"})
      expect_real_panel(kArtifacts + run + panel + ".png");
}

TEST(GuiScreenshots, ChartsDrawTheMeasuredSeries) {
  // The live run's device is the first column, the CPU's result file the second.
  const Image img = load(kArtifacts + "/run/charts.png");
  ASSERT_TRUE(img.pixels);
  EXPECT_GE(pixels_near(img, kFirstSeries), 300u)
      << "the first column's series colour is (almost) absent";
  EXPECT_GE(pixels_near(img, kSecondSeries), 300u)
      << "the loaded file's series colour is (almost) absent";
}

TEST(GuiScreenshots, BadFilesOpenAnErrorPopupAndTheWindowStays) {
  const std::string path = kArtifacts + "/load/results-with-error.png";
  expect_real_panel(path);
  const Image img = load(path);
  ASSERT_TRUE(img.pixels);
  EXPECT_GE(pixels_near(img, kErrorText, 20), 100u) << "no error text on screen";
  // run.json was opened before the bad files and its column is still there: the header
  // row carries its colour swatch (gui_screenshot_test.sh checks the column's label), below
  // two legend lines and, as the file came from this window, the W line.
  EXPECT_GE(pixels_near_in_rows(img, under_modal(kFirstSeries), kPanelTop, kPanelTop + 85, 6), 40u)
      << "the column of the file opened before the bad ones is gone";
}

TEST(GuiScreenshots, OpenedFilesShowAsColumnsInEveryView) {
  for (const char* panel : {"results", "charts", "why-cuda"})
    expect_real_panel(kArtifacts + "/load/" + panel + ".png");
}

TEST(GuiScreenshots, ChartsExportAsPngsOfTheirOwnRectangle) {
  const Image img = load(kArtifacts + "/load/charts/chart-memory-latency.png");
  ASSERT_TRUE(img.pixels) << stbi_failure_reason();
  EXPECT_LT(img.width, 1280);  // the chart, not the window
  EXPECT_GT(img.width, 200);
  EXPECT_GT(img.height, 150);
  EXPECT_GE(census(img).distinct, 40u);
  EXPECT_GE(pixels_near(img, kFirstSeries), 100u) << "no curve in the exported chart";
}

void expect_verified_measurements(const std::string& path) {
  SCOPED_TRACE(path);
  const gpuprobe::RunReport r = gpuprobe::load_report(path);
  ASSERT_FALSE(r.devices.empty());
  size_t ok = 0;
  for (const auto& d : r.devices)
    for (const auto& k : d.kernels)
      for (const auto& p : k.points)
        if (p.status == gpuprobe::MeasurementStatus::Ok) {
          ++ok;
          EXPECT_GT(p.figure.median, 0) << d.device.label() << " " << k.kernel;
          EXPECT_FALSE(p.sample_seconds.empty());
          // Only the empty launch has no output to check.
          if (k.kernel != "launch_latency") {
            EXPECT_TRUE(p.verified) << d.device.label() << " " << k.kernel;
          }
        }
  EXPECT_GT(ok, 0u);
}

TEST(GuiScreenshots, TheRunsSavedByTheGuiHoldMeasurements) {
  expect_verified_measurements(kArtifacts + "/cpu.json");
  expect_verified_measurements(kArtifacts + "/run.json");
}

}  // namespace
