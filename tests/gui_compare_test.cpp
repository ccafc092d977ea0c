// The Files panel's comparison model (gui/model/files_comparison.hpp): the ratios of
// `gpuprobe compare`, from the same core code, as text the panel draws.
#include <gtest/gtest.h>

#include <memory>

#include "compare_fixture.hpp"
#include "model/files_comparison.hpp"

namespace gpuprobe::gui {
namespace {

LoadedFile loaded(const std::string& path, test::CompareVariant v) {
  auto r = std::make_shared<RunReport>(test::compare_fixture(v));
  r->source = path;
  return {path, r};
}

}  // namespace

TEST(GuiFilesComparison, NotShownWithOneFile) {
  EXPECT_FALSE(compare_open_files({}).shown());
  EXPECT_FALSE(compare_open_files({loaded("a.json", test::CompareVariant::Base)}).shown());
}

TEST(GuiFilesComparison, RatiosToTheFirstFileAsTheCliPrintsThem) {
  const FilesComparison c =
      compare_open_files({loaded("a.json", test::CompareVariant::Base),
                          loaded("/some/dir/b.json", test::CompareVariant::Regressed)});
  ASSERT_TRUE(c.shown());
  EXPECT_TRUE(c.error.empty()) << c.error;
  ASSERT_EQ(c.columns.size(), 2u);
  EXPECT_EQ(c.columns[1], "cpu:0 TEST FIXTURE CPU [b.json]");
  bool read = false, chase = false;
  for (const auto& r : c.rows) {
    ASSERT_EQ(r.cells.size(), 2u);
    if (r.heading == "read [GB/s, higher is better]" && r.params == "1 MiB w4") {
      read = true;
      EXPECT_EQ(r.cells[0], "100 ±0.3%");
      EXPECT_EQ(r.cells[1], "80.0 ±0.3% (0.80x)");
    }
    if (r.heading == "pointer_chase [ns/load, lower is better]") {
      chase = true;
      EXPECT_EQ(r.cells[1], "120 ±0.3% (1.20x)");
    }
  }
  EXPECT_TRUE(read);
  EXPECT_TRUE(chase);
  ASSERT_EQ(c.partial.size(), 2u);
  EXPECT_EQ(c.partial[0], "only in a.json: copy 1 GiB w4 (not in /some/dir/b.json)");
  EXPECT_EQ(c.partial[1], "only in /some/dir/b.json: write 1 GiB w4 (not in a.json)");
  const std::string text = files_comparison_text(c);
  EXPECT_NE(text.find("comparison: read [GB/s, higher is better] 1 MiB w4: 100 ±0.3% | 80.0 "
                      "±0.3% (0.80x)"),
            std::string::npos)
      << text;
}

TEST(GuiFilesComparison, FilesThatCannotBeComparedSayWhy) {
  LoadedFile b = loaded("b.json", test::CompareVariant::Noise);
  auto future = std::make_shared<RunReport>(*b.report);
  future->schema_major = 2;
  b.report = future;
  const FilesComparison c = compare_open_files({loaded("a.json", test::CompareVariant::Base), b});
  EXPECT_TRUE(c.shown());
  EXPECT_NE(c.error.find("different schema majors"), std::string::npos) << c.error;
  EXPECT_TRUE(c.rows.empty());
}

}  // namespace gpuprobe::gui
