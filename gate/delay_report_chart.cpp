#include "gate/delay_report_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <sstream>
#include <vector>

#include "core/util/text.h"
#include "gate/delay_report_text.h"

namespace fairweather::gate {
namespace {

constexpr const char* kLateColour = "#cf3f4f";
constexpr const char* kOnTimeColour = "#3f8f5f";
constexpr const char* kIncidentColour = "#6a3fb5";

// Coordinates with at most one decimal.
std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", std::fabs(v) < 0.05 ? 0.0 : v);
    std::string s = buf;
    if (s.size() > 2 && s.ends_with(".0")) {
        s.resize(s.size() - 2);
    }
    return s;
}

// At most `max` characters (by code point) with an ellipsis.
std::string shorten(const std::string& s, std::size_t max) {
    std::size_t points = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (points == max) {
                return s.substr(0, i) + "…";
            }
            ++points;
        }
    }
    return s;
}

// How many characters (code points, not bytes) `s` has.
std::size_t code_points(std::string_view s) {
    std::size_t points = 0;
    for (const char c : s) {
        points += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return points;
}

// ---------------------------------------------------------------------------
// Scales

// A "nice" tick step (1, 2 or 5 times a power of ten) for about `ticks` ticks.
int tick_step(int span, int ticks) {
    const double raw = std::max(1.0, static_cast<double>(span) / ticks);
    int step = 1;
    for (;;) {
        for (const int m : {1, 2, 5}) {
            if (step * m >= raw) {
                return step * m;
            }
        }
        step *= 10;
    }
}

int floor_to(int v, int step) {
    return static_cast<int>(std::floor(static_cast<double>(v) / step)) * step;
}
int ceil_to(int v, int step) {
    return static_cast<int>(std::ceil(static_cast<double>(v) / step)) * step;
}

// The delay axis: from `lo` to `hi` days in ticks of `step`, zero included.
struct DayScale {
    int lo = 0;
    int hi = 0;
    int step = 1;
};

DayScale day_scale(const std::vector<const DelayRow*>& rows) {
    int lo = 0;
    int hi = 0;
    for (const auto* r : rows) {
        lo = std::min(lo, *r->delay_days);
        hi = std::max(hi, *r->delay_days);
    }
    if (lo == hi) {
        hi = lo + 1;
    }
    const int step = tick_step(hi - lo, 6);
    lo = floor_to(lo, step);
    hi = ceil_to(hi, step);
    if (hi == 0 && lo < 0) {
        hi = step;  // room for the markers above the zero line
    }
    return {lo, hi, step};
}

// Where everything goes, in SVG units: the plot between margins, one slot a
// release, the release labels under it.
struct ChartLayout {
    static constexpr double left = 62;
    static constexpr double right = 16;
    static constexpr double top = 52;
    static constexpr double plot_h = 280;

    DayScale scale;
    std::size_t n = 0;  // releases
    double width = 0;
    double height = 0;
    double plot_w = 0;
    double slot = 0;
    double bar_w = 0;
    bool rotate = false;    // release labels at 45 degrees
    std::size_t every = 1;  // a release label on every k-th release

    double y_of(double days) const {
        return top + (static_cast<double>(scale.hi) - days) /
                         static_cast<double>(scale.hi - scale.lo) * plot_h;
    }
    double zero_y() const { return y_of(0); }
    // The middle of release `k`'s slot.
    double x_of(std::size_t k) const { return left + slot * (static_cast<double>(k) + 0.5); }
};

// `longest` is the longest release label, in characters.
ChartLayout chart_layout(std::size_t n, std::size_t longest, const DayScale& scale) {
    ChartLayout c;
    c.scale = scale;
    c.n = n;
    // Up to 56 units per release, between room for the legend and 1000 units;
    // the page shows it at most at its natural size, so text keeps its size.
    c.width = std::clamp(78.0 + 56.0 * static_cast<double>(n), 600.0, 1000.0);
    c.plot_w = c.width - c.left - c.right;
    c.slot = c.plot_w / static_cast<double>(n);
    c.bar_w = std::min(36.0, std::max(1.5, c.slot * 0.7));
    constexpr double char_w = 6.4;  // at font-size 11
    c.rotate = c.slot < static_cast<double>(longest) * char_w + 6;
    // Rotated labels need about 15 units each; show every k-th one.
    c.every =
        c.rotate ? static_cast<std::size_t>(std::ceil(15.0 / c.slot)) : static_cast<std::size_t>(1);
    const double label_space = c.rotate ? static_cast<double>(longest) * char_w * 0.71 + 22 : 26;
    const double bottom = label_space + 22;
    c.height = c.top + c.plot_h + bottom;
    return c;
}

// ---------------------------------------------------------------------------
// Parts of the chart, in the order they are drawn

void write_svg_start(std::ostream& out, const ChartLayout& c) {
    out << "<svg viewBox=\"0 0 " << num(c.width) << " " << num(c.height)
        << "\" width=\"100%\" style=\"max-width: " << num(c.width)
        << "px\" role=\"img\" aria-label=\"Delay in days per release, " << c.n
        << (c.n == 1 ? " release" : " releases") << "\">\n";
}

void write_legend(std::ostream& out, const ChartLayout& c) {
    double lx = c.left;
    const auto legend_box = [&](const char* colour, const char* text) {
        out << "<rect x=\"" << num(lx) << "\" y=\"12\" width=\"12\" height=\"12\" rx=\"2\" fill=\""
            << colour << "\"/><text x=\"" << num(lx + 17) << "\" y=\"22\" font-size=\"12\">" << text
            << "</text>\n";
        lx += 17 + static_cast<double>(std::string_view(text).size()) * 6.8 + 22;
    };
    legend_box(kLateColour, "late");
    legend_box(kOnTimeColour, "on time or early");
    out << "<circle cx=\"" << num(lx + 6) << "\" cy=\"18\" r=\"4.5\" fill=\"" << kIncidentColour
        << "\"/><text x=\"" << num(lx + 17)
        << "\" y=\"22\" font-size=\"12\">CI incident overlapped the delay</text>\n";
}

// Grid and y labels, the axis title, and the zero line over the grid.
void write_delay_axis(std::ostream& out, const ChartLayout& c) {
    for (int t = c.scale.lo; t <= c.scale.hi; t += c.scale.step) {
        const double y = c.y_of(t);
        out << "<line class=\"grid\" x1=\"" << num(c.left) << "\" x2=\"" << num(c.width - c.right)
            << "\" y1=\"" << num(y) << "\" y2=\"" << num(y) << "\"/><text x=\"" << num(c.left - 8)
            << "\" y=\"" << num(y + 4) << "\" font-size=\"11\" text-anchor=\"end\">"
            << html_text(delay_text(t)) << "</text>\n";
    }
    out << "<text transform=\"translate(14 " << num(c.top + c.plot_h / 2)
        << ") rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">delay (days)</text>\n";

    // The zero line over the grid.
    out << "<line class=\"zero\" x1=\"" << num(c.left) << "\" x2=\"" << num(c.width - c.right)
        << "\" y1=\"" << num(c.zero_y()) << "\" y2=\"" << num(c.zero_y()) << "\"/>\n";
}

// Release `k`'s bar with its tooltip, and a marker over it when a CI incident
// overlapped its delay.
void write_bar(std::ostream& out, const ChartLayout& c, std::size_t k, const DelayRow& r) {
    const int d = *r.delay_days;
    const double cx = c.x_of(k);
    const double zero_y = c.zero_y();
    double y0 = std::min(c.y_of(d), zero_y);
    double bh = std::fabs(c.y_of(d) - zero_y);
    if (bh < 3) {  // on the day: a stub, still visible and hoverable
        y0 = zero_y - 1.5;
        bh = 3;
    }
    std::string tip = r.release.version.text() + ": " + delay_phrase(d) + ", incidents: " +
                      (r.incidents.empty() ? std::string("none") : join(incident_ids(r), ", "));
    out << "<g class=\"bar\"><title>" << html_text(tip) << "</title><rect x=\""
        << num(cx - c.bar_w / 2) << "\" y=\"" << num(y0) << "\" width=\"" << num(c.bar_w)
        << "\" height=\"" << num(bh) << "\" fill=\"" << (d > 0 ? kLateColour : kOnTimeColour)
        << "\"/>";
    if (!r.incidents.empty()) {
        const double my = std::min(y0, zero_y) - 7;
        out << "<circle cx=\"" << num(cx) << "\" cy=\"" << num(my) << "\" r=\""
            << num(std::min(4.5, std::max(2.5, c.bar_w / 2))) << "\" fill=\"" << kIncidentColour
            << "\"/>";
    }
    out << "</g>\n";
}

// Release `k`'s label under its bar, level or rotated.
void write_release_label(std::ostream& out, const ChartLayout& c, std::size_t k,
                         const std::string& label) {
    const double cx = c.x_of(k);
    const double ly = c.top + c.plot_h + 14;
    if (c.rotate) {
        out << "<text transform=\"translate(" << num(cx + 3) << " " << num(ly)
            << ") rotate(-45)\" font-size=\"11\" text-anchor=\"end\">" << html_text(label)
            << "</text>\n";
    } else {
        out << "<text x=\"" << num(cx) << "\" y=\"" << num(ly)
            << "\" font-size=\"11\" text-anchor=\"middle\">" << html_text(label) << "</text>\n";
    }
}

void write_release_axis_title(std::ostream& out, const ChartLayout& c) {
    out << "<text x=\"" << num(c.left + c.plot_w / 2) << "\" y=\"" << num(c.height - 6)
        << "\" font-size=\"12\" text-anchor=\"middle\">releases in order of publication"
        << (c.every > 1 ? " (a label every " + std::to_string(c.every) + ")" : std::string())
        << "</text>\n";
}

}  // namespace

std::string delay_chart_svg(const DelayReport& report) {
    std::vector<const DelayRow*> rows;
    for (const auto& r : report.rows) {
        if (r.scheduled && r.delay_days) {
            rows.push_back(&r);
        }
    }
    if (rows.empty()) {
        return "";
    }
    std::vector<std::string> labels;
    std::size_t longest = 1;
    for (const auto* r : rows) {
        labels.push_back(shorten(r->release.version.text(), 14));
        longest = std::max(longest, code_points(labels.back()));
    }
    const ChartLayout c = chart_layout(rows.size(), longest, day_scale(rows));

    std::ostringstream out;
    write_svg_start(out, c);
    write_legend(out, c);
    write_delay_axis(out, c);
    // Bars, each with its tooltip, and the labels under them.
    for (std::size_t k = 0; k < rows.size(); ++k) {
        write_bar(out, c, k, *rows[k]);
        if (k % c.every == 0) {
            write_release_label(out, c, k, labels[k]);
        }
    }
    write_release_axis_title(out, c);
    out << "</svg>";
    return out.str();
}

}  // namespace fairweather::gate
