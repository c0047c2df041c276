#include "exporters/registry.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <system_error>

namespace fairweather::metrics {
namespace {

void add_to(std::atomic<double>& value, double by) {
    double current = value.load(std::memory_order_relaxed);
    while (!value.compare_exchange_weak(current, current + by, std::memory_order_relaxed)) {
    }
}

}  // namespace

std::string_view to_string(Kind kind) {
    switch (kind) {
        case Kind::counter:
            return "counter";
        case Kind::gauge:
            return "gauge";
        case Kind::histogram:
            return "histogram";
    }
    return "untyped";
}

namespace {

// HELP text escapes backslash and newline (the exposition format's rule).
void append_escaped_help(std::string& out, std::string_view help) {
    for (const char c : help) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
}

void append_count(std::string& out, std::uint64_t n) {
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, n);
    out.append(buffer, end);
}

}  // namespace

void append_value(std::string& out, double v) {
    if (std::isnan(v)) {
        out += "Nan";
        return;
    }
    if (std::isinf(v)) {
        out += v < 0 ? "-Inf" : "+Inf";
        return;
    }
    char buffer[32];
    // Most samples are whole numbers (states, counts, Unix seconds): those
    // print as integers, which "%.16g" also does below 1e16.
    if (v != 0 && std::fabs(v) < 1e15 && v == std::trunc(v)) {
        const auto [end, ec] =
            std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(v));
        out.append(buffer, end);
        return;
    }
    if (v == 0) {
        out += std::signbit(v) ? "-0" : "0";
        return;
    }
    // The same characters as printf("%.16g"): what prometheus-cpp wrote.
    const auto [end, ec] =
        std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::general, 16);
    out.append(buffer, end);
}

void append_escaped_label_value(std::string& out, std::string_view v) {
    for (const char c : v) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += c;
        }
    }
}

std::string render_labels(const Labels& labels) {
    std::string out;
    for (const auto& [name, value] : labels) {
        if (!out.empty()) {
            out += ',';
        }
        out += name;
        out += "=\"";
        append_escaped_label_value(out, value);
        out += '"';
    }
    return out;
}

namespace {

// Reads a rendered label list one pair at a time.
class LabelCursor {
  public:
    explicit LabelCursor(std::string_view text) : m_text(text) {}
    bool done() const { return m_at >= m_text.size(); }
    // The next label's name; leaves the cursor at its value's first byte.
    std::string_view name() {
        const std::size_t start = m_at;
        const std::size_t equals = m_text.find('=', start);
        m_at = equals + 2;  // past `="`
        return m_text.substr(start, equals - start);
    }
    // The next byte of the value, unescaped; nullopt at its closing quote
    // (then the cursor moves past it and the comma).
    std::optional<unsigned char> value_byte() {
        char c = m_text[m_at++];
        if (c == '"') {
            if (m_at < m_text.size() && m_text[m_at] == ',') {
                ++m_at;
            }
            return std::nullopt;
        }
        if (c == '\\') {
            c = m_text[m_at++];
            if (c == 'n') {
                c = '\n';
            }
        }
        return static_cast<unsigned char>(c);
    }

  private:
    std::string_view m_text;
    std::size_t m_at = 0;
};

}  // namespace

bool LabelOrder::operator()(std::string_view a, std::string_view b) const {
    // Fast path: up to the first byte that differs the two texts are the same
    // names and values; when both bytes there are plain (no quote, escape,
    // comma or '='), they are the same token's next byte in each, and their
    // order is the labels' order.
    const auto [pa, pb] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
    if (pa == a.end() || pb == b.end()) {
        return pa == a.end() && pb != b.end();  // a list that is a prefix has fewer labels
    }
    const auto plain = [](char c) { return c != '"' && c != '\\' && c != ',' && c != '='; };
    if (plain(*pa) && plain(*pb)) {
        return static_cast<unsigned char>(*pa) < static_cast<unsigned char>(*pb);
    }
    LabelCursor x(a);
    LabelCursor y(b);
    while (!x.done() && !y.done()) {
        const std::string_view name_x = x.name();
        const std::string_view name_y = y.name();
        if (name_x != name_y) {
            return name_x < name_y;
        }
        for (;;) {
            const auto cx = x.value_byte();
            const auto cy = y.value_byte();
            if (!cx || !cy) {
                if (cx || cy) {
                    return !cx;  // the value that ended first is the smaller
                }
                break;
            }
            if (*cx != *cy) {
                return *cx < *cy;
            }
        }
    }
    return x.done() && !y.done();
}

void Gauge::increment(double by) {
    add_to(m_value, by);
}

void Counter::increment(double by) {
    if (by > 0) {
        add_to(m_value, by);
    }
}

Histogram::Histogram(std::vector<double> bounds)
    : m_bounds(std::move(bounds)), m_counts(m_bounds.size() + 1, 0) {
    if (!std::is_sorted(m_bounds.begin(), m_bounds.end())) {
        throw std::logic_error("histogram bucket bounds must be ascending");
    }
    for (const double b : m_bounds) {
        std::string le;
        append_value(le, b);
        m_le.push_back(std::move(le));
    }
    m_le.emplace_back("+Inf");
}

void Histogram::observe(double v) {
    const auto bucket = static_cast<std::size_t>(
        std::lower_bound(m_bounds.begin(), m_bounds.end(), v) - m_bounds.begin());
    std::lock_guard lock(m_mutex);
    ++m_counts[bucket];
    m_sum += v;
}

Histogram::Snapshot Histogram::snapshot() const {
    Snapshot s;
    std::lock_guard lock(m_mutex);
    std::uint64_t running = 0;
    for (const std::uint64_t n : m_counts) {
        running += n;
        s.cumulative.push_back(running);
    }
    s.count = running;
    s.sum = m_sum;
    return s;
}

FamilyBase::FamilyBase(std::string name, std::string help, Kind kind)
    : m_name(std::move(name)), m_help(std::move(help)), m_kind(kind) {}

void FamilyBase::render_head(std::string& out) const {
    out += "# HELP ";
    out += m_name;
    out += ' ';
    append_escaped_help(out, m_help);
    out += "\n# TYPE ";
    out += m_name;
    out += ' ';
    out += to_string(m_kind);
    out += '\n';
}

template <class Metric>
void Family<Metric>::remove(const Metric* metric) {
    std::lock_guard lock(m_mutex);
    const auto found = m_by_metric.find(metric);
    if (found == m_by_metric.end()) {
        return;
    }
    m_series.erase(found->second);
    m_by_metric.erase(found);
}

template <class Metric>
std::size_t Family<Metric>::size() const {
    std::lock_guard lock(m_mutex);
    return m_series.size();
}

namespace {

void render_histogram(std::string& out, const std::string& name, const std::string& labels,
                      const Histogram& h) {
    const Histogram::Snapshot s = h.snapshot();
    const auto line = [&](std::string_view suffix, std::string_view le) {
        out += name;
        out += suffix;
        if (!labels.empty() || !le.empty()) {
            out += '{';
            out += labels;
            if (!le.empty()) {
                out += labels.empty() ? "le=\"" : ",le=\"";
                out += le;
                out += '"';
            }
            out += '}';
        }
        out += ' ';
    };
    line("_count", "");
    append_count(out, s.count);
    out += '\n';
    line("_sum", "");
    append_value(out, s.sum);
    out += '\n';
    for (std::size_t i = 0; i < s.cumulative.size(); ++i) {
        line("_bucket", h.le()[i]);
        append_count(out, s.cumulative[i]);
        out += '\n';
    }
}

}  // namespace

template <class Metric>
void Family<Metric>::render(std::string& out) const {
    std::lock_guard lock(m_mutex);
    if (m_series.empty()) {
        return;
    }
    render_head(out);
    for (const auto& [labels, metric] : m_series) {
        if constexpr (std::is_same_v<Metric, Histogram>) {
            render_histogram(out, m_name, labels, metric);
        } else {
            out += m_name;
            if (!labels.empty()) {
                out += '{';
                out += labels;
                out += '}';
            }
            out += ' ';
            append_value(out, metric.value());
            out += '\n';
        }
    }
}

template class Family<Gauge>;
template class Family<Counter>;
template class Family<Histogram>;

template <class Metric>
Family<Metric>& Registry::add_family(std::string_view name, std::string_view help, Kind kind) {
    std::lock_guard lock(m_mutex);
    for (const auto& family : m_families) {
        if (family->name() != name) {
            continue;
        }
        if (family->kind() != kind) {
            throw std::logic_error("metric family " + std::string(name) +
                                   " is already registered as another type");
        }
        return static_cast<Family<Metric>&>(*family);
    }
    auto family = std::make_unique<Family<Metric>>(std::string(name), std::string(help), kind);
    auto& out = *family;
    m_families.push_back(std::move(family));
    return out;
}

Family<Gauge>& Registry::gauge(std::string_view name, std::string_view help) {
    return add_family<Gauge>(name, help, Kind::gauge);
}

Family<Counter>& Registry::counter(std::string_view name, std::string_view help) {
    return add_family<Counter>(name, help, Kind::counter);
}

Family<Histogram>& Registry::histogram(std::string_view name, std::string_view help) {
    return add_family<Histogram>(name, help, Kind::histogram);
}

void Registry::render(std::string& out) const {
    std::lock_guard lock(m_mutex);
    for (const Kind kind : {Kind::counter, Kind::gauge, Kind::histogram}) {
        for (const auto& family : m_families) {
            if (family->kind() == kind) {
                family->render(out);
            }
        }
    }
}

std::string Registry::render() const {
    std::string out;
    render(out);
    return out;
}

}  // namespace fairweather::metrics
