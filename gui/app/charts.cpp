#include "app/charts.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app/palette.hpp"
#include "gpuprobe/utf8.hpp"
#include "model/axis.hpp"
#include "model/text.hpp"

namespace gpuprobe::gui {
namespace {

struct LegendEntry {
  ImU32 colour;
  std::string label;
};

// Maps data to pixels inside the plot area.
struct Axes {
  ImVec2 p0, p1;
  Range x, y;
  bool log_x = false, log_y = false;

  static double t(double v, Range r, bool log) {
    if (log)
      return (std::log(std::max(v, 1e-300)) - std::log(r.lo)) / (std::log(r.hi) - std::log(r.lo));
    return (v - r.lo) / (r.hi - r.lo);
  }
  float px(double v) const { return p0.x + float(t(v, x, log_x)) * (p1.x - p0.x); }
  float py(double v) const { return p1.y - float(t(v, y, log_y)) * (p1.y - p0.y); }
};

// Pixel sizes in charts follow the font, which follows the monitor's content scale:
// px(1) is one pixel at scale 1 (15 px font).
float px(float v) { return v * ImGui::GetFontSize() / 15.0f; }

ImU32 text_colour() { return ImGui::GetColorU32(ImGuiCol_Text); }
ImU32 faint_colour() { return ImGui::GetColorU32(ImGuiCol_TextDisabled); }
ImU32 grid_colour() { return IM_COL32(255, 255, 255, 28); }

// Reserves the chart's rectangle as one item, so the mouse and the layout know about it.
struct Frame {
  ImVec2 min, max;
  bool hovered = false;
  ImDrawList* dl = nullptr;
};

Frame begin_frame(const char* id, float height) {
  Frame f;
  const float width = std::max(ImGui::GetContentRegionAvail().x, 100.0f);
  f.min = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(width, height));
  f.max = ImVec2(f.min.x + width, f.min.y + height);
  f.hovered = ImGui::IsItemHovered();
  f.dl = ImGui::GetWindowDrawList();
  f.dl->AddRectFilled(f.min, f.max, IM_COL32(255, 255, 255, 8), 4.0f);
  return f;
}

// Legend rows across the top; returns the height used.
float draw_legend(ImDrawList* dl, ImVec2 at, float width, const std::vector<LegendEntry>& entries) {
  const float line = ImGui::GetTextLineHeight();
  const float swatch = line * 0.7f, gap = line * 0.8f;
  float x = at.x, y = at.y;
  for (const auto& e : entries) {
    const float w = swatch + 4 + ImGui::CalcTextSize(e.label.c_str()).x;
    if (x > at.x && x + w > at.x + width) {
      x = at.x;
      y += line + 2;
    }
    dl->AddRectFilled(ImVec2(x, y + (line - swatch) / 2),
                      ImVec2(x + swatch, y + (line + swatch) / 2), e.colour, 2.0f);
    dl->AddText(ImVec2(x + swatch + 4, y), text_colour(), e.label.c_str());
    x += w + gap;
  }
  return entries.empty() ? 0.0f : (y - at.y) + line + 4;
}

float widest(const std::vector<Tick>& ticks) {
  float w = 0;
  for (const auto& t : ticks) w = std::max(w, ImGui::CalcTextSize(t.label.c_str()).x);
  return w;
}

void draw_y_ticks(ImDrawList* dl, const Axes& a, const std::vector<Tick>& ticks) {
  const float line = ImGui::GetTextLineHeight();
  for (const auto& t : ticks) {
    const float y = a.py(t.value);
    if (y < a.p0.y - 1 || y > a.p1.y + 1) continue;
    dl->AddLine(ImVec2(a.p0.x, y), ImVec2(a.p1.x, y), grid_colour());
    const float w = ImGui::CalcTextSize(t.label.c_str()).x;
    dl->AddText(ImVec2(a.p0.x - w - 6, y - line / 2), faint_colour(), t.label.c_str());
  }
}

void draw_x_ticks(ImDrawList* dl, const Axes& a, const std::vector<Tick>& ticks) {
  float last_right = -1e9f;
  for (const auto& t : ticks) {
    const float x = a.px(t.value);
    if (x < a.p0.x - 1 || x > a.p1.x + 1) continue;
    dl->AddLine(ImVec2(x, a.p0.y), ImVec2(x, a.p1.y), grid_colour());
    const float w = ImGui::CalcTextSize(t.label.c_str()).x;
    if (x - w / 2 < last_right + 6) continue;  // skip labels that would overlap
    dl->AddText(ImVec2(x - w / 2, a.p1.y + 3), faint_colour(), t.label.c_str());
    last_right = x + w / 2;
  }
}

void dashed_vline(ImDrawList* dl, float x, float y0, float y1, ImU32 colour) {
  for (float y = y0; y < y1; y += px(8))
    dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + px(4), y1)), colour, px(1.5f));
}

ImU32 with_alpha(ImU32 colour, int alpha) {
  return (colour & ~IM_COL32_A_MASK) | (ImU32(alpha) << IM_COL32_A_SHIFT);
}

struct Hit {
  float distance = 1e9f;
  size_t column = 0;
  const CurvePoint* point = nullptr;
};

// Lines with dots for log-log curves, nearest point under the mouse reported in `hit`.
void draw_series(ImDrawList* dl, const Axes& a, const std::vector<CurvePoint>& pts, ImU32 colour,
                 size_t column, Hit& hit) {
  std::vector<ImVec2> poly;
  for (const auto& p : pts) poly.push_back(ImVec2(a.px(p.x), a.py(p.y)));
  if (poly.size() > 1) dl->AddPolyline(poly.data(), int(poly.size()), colour, 0, px(2));
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (size_t i = 0; i < poly.size(); ++i) {
    dl->AddCircleFilled(poly[i], px(3.5f), colour);
    const float d = std::hypot(poly[i].x - mouse.x, poly[i].y - mouse.y);
    if (d < hit.distance) hit = {d, column, &pts[i]};
  }
}

void point_tooltip(const Hit& hit, const std::vector<Column>& columns, const std::string& x_text,
                   const char* unit) {
  if (!hit.point || hit.distance > px(12)) return;
  ImGui::BeginTooltip();
  ImGui::TextColored(palette::column_vec(hit.column), "%s", columns[hit.column].label.c_str());
  ImGui::Text("%s", x_text.c_str());
  if (hit.point->point) ImGui::TextUnformatted(measurement_detail(*hit.point->point, unit).c_str());
  ImGui::EndTooltip();
}

std::string short_cache_name(const std::string& key) {
  // cache_llc_bytes -> llc
  std::string s = key.substr(6);
  return s.size() > 6 ? s.substr(0, s.size() - 6) : s;
}

}  // namespace

ScreenRect draw_family_chart(const char* id, const FamilyChart& chart,
                             const std::vector<Column>& columns, float height, bool log_y) {
  Frame f = begin_frame(id, height);
  const float line = ImGui::GetTextLineHeight();

  // Series: only the columns with a bar somewhere in this chart.
  std::vector<size_t> series;
  for (const Column& c : columns)
    for (const auto& g : chart.groups)
      if (g.bars[c.index]) {
        series.push_back(c.index);
        break;
      }
  std::vector<LegendEntry> legend;
  for (size_t s : series) legend.push_back({palette::column(s), columns[s].short_label});
  const float pad = px(8);
  const float top =
      f.min.y + pad +
      draw_legend(f.dl, ImVec2(f.min.x + pad, f.min.y + pad), f.max.x - f.min.x - 2 * pad, legend);

  double max = 0, min = 1e300;
  for (const auto& g : chart.groups)
    for (const auto& b : g.bars)
      if (b && b->value > 0) {
        max = std::max(max, b->value);
        min = std::min(min, b->value);
      }
  Axes a;
  a.log_y = log_y && max > 0;
  std::vector<Tick> ticks;
  if (a.log_y) {
    a.y = log_range(min, max);
    ticks = log10_ticks(a.y.lo, a.y.hi);
  } else {
    a.y = {0, nice_ceiling(max)};
    ticks = linear_ticks(max);
  }
  a.p0 = ImVec2(f.min.x + pad + widest(ticks) + 8, top + line * 0.5f);
  a.p1 = ImVec2(f.max.x - pad, f.max.y - pad - line * 1.3f);
  if (a.p1.y - a.p0.y < 20) return {f.min.x, f.min.y, f.max.x, f.max.y};
  draw_y_ticks(f.dl, a, ticks);
  f.dl->AddLine(ImVec2(a.p0.x, a.p1.y), a.p1, faint_colour());

  const size_t ng = chart.groups.size(), ns = std::max<size_t>(series.size(), 1);
  const float group_w = (a.p1.x - a.p0.x) / float(std::max<size_t>(ng, 1));
  // Bars no wider than a few characters: one device's lone bar should not fill the chart.
  const float bar_w = std::min(group_w * 0.8f / float(ns), ImGui::GetFontSize() * 4);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (size_t gi = 0; gi < ng; ++gi) {
    const BarGroup& g = chart.groups[gi];
    const float gx = a.p0.x + group_w * float(gi) + (group_w - bar_w * float(ns)) / 2;
    for (size_t si = 0; si < series.size(); ++si) {
      const auto& bar = g.bars[series[si]];
      if (!bar) continue;
      const float x0 = gx + bar_w * float(si), x1 = x0 + bar_w - 1;
      const float y0 = a.py(std::max(bar->value, a.y.lo));
      f.dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, a.p1.y), palette::column(series[si]), 2.0f);
      const std::string value = figure_text(bar->value);
      const float tw = ImGui::CalcTextSize(value.c_str()).x;
      if (tw <= bar_w + 4)
        f.dl->AddText(ImVec2((x0 + x1 - tw) / 2, y0 - line), text_colour(), value.c_str());
      if (f.hovered && mouse.x >= x0 && mouse.x <= x1 && mouse.y >= a.p0.y && mouse.y <= a.p1.y) {
        f.dl->AddRect(ImVec2(x0, y0), ImVec2(x1, a.p1.y), IM_COL32_WHITE, 2.0f);
        ImGui::BeginTooltip();
        ImGui::TextColored(palette::column_vec(series[si]), "%s",
                           columns[series[si]].label.c_str());
        ImGui::Text("%s  %s", g.label.c_str(), bar->params.c_str());
        if (bar->point) ImGui::TextUnformatted(measurement_detail(*bar->point, chart.unit).c_str());
        ImGui::EndTooltip();
      }
    }
    // Group label, shortened to fit under its bars.
    std::string label = g.label;
    while (label.size() > 3 && ImGui::CalcTextSize(label.c_str()).x > group_w - 4)
      label = utf8_truncate(label, label.size() - 4) + "..";
    const float lw = ImGui::CalcTextSize(label.c_str()).x;
    f.dl->AddText(ImVec2(a.p0.x + group_w * (float(gi) + 0.5f) - lw / 2, a.p1.y + 3), text_colour(),
                  label.c_str());
  }
  return {f.min.x, f.min.y, f.max.x, f.max.y};
}

ScreenRect draw_latency_chart(const char* id, const std::vector<LatencyCurve>& curves,
                              const std::vector<Column>& columns, float height) {
  Frame f = begin_frame(id, height);
  const float line = ImGui::GetTextLineHeight(), pad = px(8);
  std::vector<LegendEntry> legend;
  double xlo = 1e300, xhi = 0, ylo = 1e300, yhi = 0;
  for (const auto& c : curves) {
    legend.push_back({palette::column(c.column), columns[c.column].short_label});
    for (const auto& p : c.points) {
      xlo = std::min(xlo, p.x), xhi = std::max(xhi, p.x);
      ylo = std::min(ylo, p.y), yhi = std::max(yhi, p.y);
    }
  }
  const float top =
      f.min.y + pad +
      draw_legend(f.dl, ImVec2(f.min.x + pad, f.min.y + pad), f.max.x - f.min.x - 2 * pad, legend);
  Axes a;
  a.log_x = a.log_y = true;
  a.x = {xlo / 1.3, xhi * 1.3};
  a.y = log_range(ylo, yhi);
  const auto yt = log10_ticks(a.y.lo, a.y.hi);
  a.p0 = ImVec2(f.min.x + pad + widest(yt) + 8, top + line * (1.2f + float(curves.size())));
  a.p1 = ImVec2(f.max.x - pad, f.max.y - pad - line * 1.3f);
  if (curves.empty() || a.p1.y - a.p0.y < 20) return {f.min.x, f.min.y, f.max.x, f.max.y};
  draw_y_ticks(f.dl, a, yt);
  draw_x_ticks(f.dl, a, log2_ticks(xlo, xhi, true, 12));

  // Cache levels found in the data: a dashed line between the last size that fit and the
  // first that missed, named above the plot in the series' colour (one row per series).
  for (size_t ci = 0; ci < curves.size(); ++ci) {
    const auto& c = curves[ci];
    const ImU32 colour = palette::column(c.column);
    const float label_y = a.p0.y - line * (float(curves.size() - ci) + 0.1f);
    for (const auto& k : c.knees) {
      const float x = a.px(std::sqrt(k.last_fit_bytes * k.first_miss_bytes));
      dashed_vline(f.dl, x, label_y + line, a.p1.y, with_alpha(colour, 150));
    }
    // Level names over their plateaus, pushed right rather than over each other.
    float last_right = a.p0.x - 6;
    for (const auto& level : c.levels) {
      const float x0 = a.px(double(level.min_size_bytes)), x1 = a.px(double(level.max_size_bytes));
      const std::string text = level.name + " " + figure_text(level.latency_ns) + " ns";
      const float tw = ImGui::CalcTextSize(text.c_str()).x;
      const float x = std::min(std::max((x0 + x1 - tw) / 2, last_right + 6), a.p1.x - tw);
      f.dl->AddText(ImVec2(x, label_y), colour, text.c_str());
      last_right = x + tw;
    }
  }
  // Cache sizes the devices report, as ticks on the bottom axis; devices on one chip
  // report the same caches, so each size is drawn once.
  std::vector<std::pair<double, std::string>> markers;
  for (const auto& c : curves)
    for (const auto& m : c.markers) {
      const std::string label = short_cache_name(m.key) + " " + bytes_text(uint64_t(m.bytes));
      bool seen = false;
      for (const auto& [bytes, text] : markers) seen |= bytes == m.bytes && text == label;
      if (!seen && m.bytes >= a.x.lo && m.bytes <= a.x.hi) markers.push_back({m.bytes, label});
    }
  float last_right = -1e9f;
  int row = 0;
  for (const auto& [bytes, label] : markers) {
    const float x = a.px(bytes);
    f.dl->AddTriangleFilled(ImVec2(x, a.p1.y - px(8)), ImVec2(x - px(5), a.p1.y),
                            ImVec2(x + px(5), a.p1.y), faint_colour());
    row = x + 6 < last_right ? row + 1 : 0;  // stack labels that would overlap
    f.dl->AddText(ImVec2(x + 6, a.p1.y - line * float(row + 1) - 2), faint_colour(), label.c_str());
    last_right = std::max(last_right, x + 6 + ImGui::CalcTextSize(label.c_str()).x);
  }
  Hit hit;
  for (const auto& c : curves)
    draw_series(f.dl, a, c.points, palette::column(c.column), c.column, hit);
  if (f.hovered)
    point_tooltip(hit, columns,
                  hit.point ? "working set " + bytes_text(uint64_t(hit.point->x)) : "", "ns/load");
  return {f.min.x, f.min.y, f.max.x, f.max.y};
}

ScreenRect draw_hiding_chart(const char* id, const std::vector<HidingCurve>& curves,
                             const std::vector<Column>& columns, float height) {
  Frame f = begin_frame(id, height);
  const float line = ImGui::GetTextLineHeight(), pad = px(8);
  std::vector<LegendEntry> legend;
  double xlo = 1e300, xhi = 0, ylo = 1e300, yhi = 0;
  for (const auto& c : curves) {
    legend.push_back({palette::column(c.column), columns[c.column].short_label});
    for (const auto& p : c.points) {
      xlo = std::min(xlo, p.x), xhi = std::max(xhi, p.x);
      if (p.y > 0) ylo = std::min(ylo, p.y), yhi = std::max(yhi, p.y);
    }
  }
  const float top =
      f.min.y + pad +
      draw_legend(f.dl, ImVec2(f.min.x + pad, f.min.y + pad), f.max.x - f.min.x - 2 * pad, legend);
  Axes a;
  a.log_x = a.log_y = true;
  a.x = {std::max(xlo / 1.5, 0.5), xhi * 1.5};
  a.y = log_range(ylo, yhi);
  const auto yt = log10_ticks(a.y.lo, a.y.hi);
  a.p0 = ImVec2(f.min.x + pad + widest(yt) + 8, top + line * 0.5f);
  a.p1 = ImVec2(f.max.x - pad, f.max.y - pad - line * 1.3f);
  if (curves.empty() || a.p1.y - a.p0.y < 20) return {f.min.x, f.min.y, f.max.x, f.max.y};
  draw_y_ticks(f.dl, a, yt);
  draw_x_ticks(f.dl, a, log2_ticks(xlo, xhi, false, 12));

  Hit hit;
  for (const auto& c : curves) {
    const ImU32 colour = palette::column(c.column);
    draw_series(f.dl, a, c.points, colour, c.column, hit);
    if (c.saturation_items) {
      // Fewest work-items reaching 90% of the peak: the parallelism this device needs.
      const float x = a.px(*c.saturation_items);
      double y = c.peak;
      for (const auto& p : c.points)
        if (p.x == *c.saturation_items) y = p.y;
      const ImVec2 at(x, a.py(y));
      f.dl->AddCircle(at, px(7), colour, 0, px(2));
      const std::string text = count_text(*c.saturation_items);
      const float tw = ImGui::CalcTextSize(text.c_str()).x;
      f.dl->AddText(ImVec2(std::min(at.x + px(8), a.p1.x - tw), at.y + px(4)), colour,
                    text.c_str());
    }
  }
  if (f.hovered)
    point_tooltip(hit, columns,
                  hit.point ? std::to_string(uint64_t(hit.point->x)) + " work-items" : "", "GB/s");
  return {f.min.x, f.min.y, f.max.x, f.max.y};
}

ScreenRect draw_ladder_chart(const char* id, const std::vector<MatmulLadder>& ladders,
                             const std::vector<Column>& columns) {
  const float line = ImGui::GetTextLineHeight(), pad = px(8), row_h = line * 1.35f;
  size_t rows = 0;
  for (const auto& l : ladders) rows += l.steps.size() + 1;  // a heading row per device
  Frame f = begin_frame(id, pad * 2 + row_h * float(std::max<size_t>(rows, 1)) + line * 1.5f);

  double lo = 1e300, hi = 0;
  float label_w = 0;
  for (const auto& l : ladders)
    for (const auto& s : l.steps) {
      label_w = std::max(label_w, ImGui::CalcTextSize(s.label.c_str()).x);
      if (s.gflops && *s.gflops > 0) lo = std::min(lo, *s.gflops), hi = std::max(hi, *s.gflops);
    }
  Axes a;
  a.log_x = true;
  a.x = hi > 0 ? Range{lo / 3, hi * 1.6} : Range{1, 10};
  a.p0 = ImVec2(f.min.x + pad + label_w + line, f.min.y + pad);
  a.p1 = ImVec2(f.max.x - pad - line * 9, f.max.y - pad - line * 1.3f);
  if (a.p1.x - a.p0.x < 40) return {f.min.x, f.min.y, f.max.x, f.max.y};
  if (hi > 0) {
    draw_x_ticks(f.dl, a, log10_ticks(a.x.lo, a.x.hi));
    f.dl->AddText(ImVec2(f.min.x + pad, a.p1.y + 3), faint_colour(), "GFLOPS (log)");
  }

  const ImVec2 mouse = ImGui::GetIO().MousePos;
  float y = a.p0.y;
  for (const auto& l : ladders) {
    const ImU32 colour = palette::column(l.column);
    const char* heading = columns[l.column].short_label.c_str();
    f.dl->AddText(ImVec2(f.min.x + pad, y), colour, heading);
    if (!l.basis.empty())
      f.dl->AddText(ImVec2(f.min.x + pad + ImGui::CalcTextSize(heading).x + line, y),
                    faint_colour(), l.basis.c_str());
    y += row_h;
    for (const auto& s : l.steps) {
      const float w = ImGui::CalcTextSize(s.label.c_str()).x;
      f.dl->AddText(ImVec2(a.p0.x - line * 0.5f - w, y), text_colour(), s.label.c_str());
      if (s.gflops && *s.gflops > 0) {
        const float x1 = a.px(*s.gflops);
        f.dl->AddRectFilled(ImVec2(a.p0.x, y + 1), ImVec2(x1, y + row_h - 3),
                            with_alpha(colour, s.tensor_cores ? 255 : 200), 2.0f);
        std::string text = figure_text(*s.gflops);
        if (s.speedup && s.speedup != 1.0) text += "  x" + figure_text(*s.speedup);
        f.dl->AddText(ImVec2(x1 + 5, y), text_colour(), text.c_str());
      } else {
        const std::string text = s.note.empty() ? std::string("not measured") : s.note;
        f.dl->AddText(ImVec2(a.p0.x + 4, y), faint_colour(), text.c_str());
      }
      if (f.hovered && mouse.y >= y && mouse.y < y + row_h) {
        ImGui::BeginTooltip();
        ImGui::TextColored(palette::column_vec(l.column), "%s", columns[l.column].label.c_str());
        ImGui::Text("%s", s.label.c_str());
        if (s.gflops)
          ImGui::Text("%s GFLOPS at %s", figure_text(*s.gflops).c_str(), s.params.c_str());
        if (s.speedup)
          ImGui::Text("%sx the first rung with a figure, both at %s",
                      figure_text(*s.speedup).c_str(), l.shape.c_str());
        else if (s.gflops)
          ImGui::TextUnformatted(l.basis.c_str());
        if (!s.note.empty()) ImGui::TextUnformatted(s.note.c_str());
        if (s.tensor_cores) ImGui::Text("tensor cores: %s", l.tensor_core_evidence.c_str());
        ImGui::EndTooltip();
      }
      y += row_h;
    }
  }
  return {f.min.x, f.min.y, f.max.x, f.max.y};
}

}  // namespace gpuprobe::gui

namespace gpuprobe::gui {

ScreenRect draw_trend_chart(const char* id, const std::vector<TrendSeries>& series, float height) {
  Frame f = begin_frame(id, height);
  const float line = ImGui::GetTextLineHeight(), pad = px(8);
  std::vector<LegendEntry> legend;
  double xhi = 0, yhi = 0;
  for (size_t i = 0; i < series.size(); ++i) {
    legend.push_back({palette::column(i), series[i].label});
    for (const auto& s : series[i].samples) {
      xhi = std::max(xhi, s.x);
      yhi = std::max(yhi, std::max(s.max, s.median));
    }
  }
  const float top =
      f.min.y + pad +
      draw_legend(f.dl, ImVec2(f.min.x + pad, f.min.y + pad), f.max.x - f.min.x - 2 * pad, legend);
  Axes a;
  a.x = {-0.5, xhi + 0.5};
  a.y = {0, nice_ceiling(yhi)};
  const auto yt = linear_ticks(yhi);
  a.p0 = ImVec2(f.min.x + pad + widest(yt) + 8, top + line * 0.5f);
  a.p1 = ImVec2(f.max.x - pad, f.max.y - pad - line * 1.3f);
  if (series.empty() || yhi <= 0 || a.p1.y - a.p0.y < 20)
    return {f.min.x, f.min.y, f.max.x, f.max.y};
  draw_y_ticks(f.dl, a, yt);
  f.dl->AddText(ImVec2(a.p0.x + 6, a.p0.y), faint_colour(), series.front().unit.c_str());
  // Runs along the bottom: the run id under each position, thinned where they would overlap.
  std::vector<Tick> xt;
  std::vector<bool> seen(size_t(xhi) + 1, false);
  for (const auto& s : series)
    for (const auto& p : s.samples)
      if (!seen[size_t(p.x)]) {
        seen[size_t(p.x)] = true;
        xt.push_back({p.x, "#" + std::to_string(p.run_id)});
      }
  std::sort(xt.begin(), xt.end(), [](const Tick& l, const Tick& r) { return l.value < r.value; });
  draw_x_ticks(f.dl, a, xt);

  const ImVec2 mouse = ImGui::GetIO().MousePos;
  float nearest = 1e9f;
  const TrendSample* hit = nullptr;
  const TrendSeries* hit_series = nullptr;
  for (size_t i = 0; i < series.size(); ++i) {
    const ImU32 colour = palette::column(i);
    std::vector<ImVec2> poly;
    for (const auto& s : series[i].samples) {
      const ImVec2 p(a.px(s.x), a.py(s.median));
      poly.push_back(p);
      f.dl->AddLine(ImVec2(p.x, a.py(s.min)), ImVec2(p.x, a.py(s.max)), with_alpha(colour, 140),
                    px(3));
      const float d = std::hypot(p.x - mouse.x, p.y - mouse.y);
      if (d < nearest) nearest = d, hit = &s, hit_series = &series[i];
    }
    if (poly.size() > 1) f.dl->AddPolyline(poly.data(), int(poly.size()), colour, 0, px(2));
    for (const auto& p : poly) f.dl->AddCircleFilled(p, px(3.5f), colour);
  }
  if (f.hovered && hit && nearest < px(12)) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(hit_series->label.c_str());
    ImGui::Text("run #%lld, %s on %s", static_cast<long long>(hit->run_id),
                hit->started_utc.c_str(), hit->host.c_str());
    ImGui::Text("median %s %s (min %s, max %s)%s", figure_text(hit->median).c_str(),
                hit_series->unit.c_str(), figure_text(hit->min).c_str(),
                figure_text(hit->max).c_str(), hit->noisy ? ", noisy" : "");
    ImGui::EndTooltip();
  }
  return {f.min.x, f.min.y, f.max.x, f.max.y};
}

}  // namespace gpuprobe::gui
