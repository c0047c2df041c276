#pragma once
// fairweather's own metric registry: families of gauges, counters and
// histograms, and their text exposition (Prometheus format 0.0.4).
//
// Why not prometheus-cpp: its scrape deep-copies every series into a vector,
// sorts nothing (fairweather sorted afterwards), and formats each sample
// through std::ostream; at 1000 repositories (35,000 series) that was 59 ms a
// scrape and 55 MiB of garbage. Here each series is keyed by its labels as
// the exposition writes them (`label="value",...`), rendered once when it is
// added, in a map ordered as the labels themselves (LabelOrder), so a scrape
// appends the name, that text and the number into one string, and a series
// costs one string rather than a map of strings.
//
// Output matches what prometheus-cpp 1.0.1 wrote (the golden files hold it):
// families with no series are left out; counters come first, then gauges,
// then histograms, each in registration order; series sorted by their labels
// (compared name by name, value by value); numbers as printf's "%.16g", "Nan",
// "+Inf" and "-Inf"; a histogram writes _count, _sum, then its buckets with
// `le` as the last label.
//
// Thread-safe: a value may be set while another thread scrapes; adding and
// removing series takes the family's mutex.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fairweather::metrics {

// A series' labels by name (sorted, so the map order is the exposition order).
using Labels = std::map<std::string, std::string>;

class Gauge {
  public:
    void set(double v) { m_value.store(v, std::memory_order_relaxed); }
    void increment(double by = 1);
    double value() const { return m_value.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> m_value{0};
};

class Counter {
  public:
    // Counters only go up: a negative `by` is ignored, as Prometheus requires.
    void increment(double by = 1);
    double value() const { return m_value.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> m_value{0};
};

class Histogram {
  public:
    // `bounds`: the upper bounds of the buckets, ascending; +Inf is implied.
    explicit Histogram(std::vector<double> bounds);
    void observe(double v);

    struct Snapshot {
        std::vector<std::uint64_t> cumulative;  // per bound, then +Inf
        double sum = 0;
        std::uint64_t count = 0;
    };
    Snapshot snapshot() const;
    // Each bucket's `le` value as written ("0.5", ..., "+Inf").
    const std::vector<std::string>& le() const { return m_le; }

  private:
    std::vector<double> m_bounds;
    std::vector<std::string> m_le;
    mutable std::mutex m_mutex;
    std::vector<std::uint64_t> m_counts;  // per bucket (not cumulative), then +Inf
    double m_sum = 0;
};

enum class Kind { counter, gauge, histogram };

// "counter", "gauge", "histogram": as a TYPE line writes them.
std::string_view to_string(Kind kind);

// The family part every kind shares; Family<T> adds the typed series.
class FamilyBase {
  public:
    FamilyBase(std::string name, std::string help, Kind kind);
    virtual ~FamilyBase() = default;
    FamilyBase(const FamilyBase&) = delete;
    FamilyBase& operator=(const FamilyBase&) = delete;

    const std::string& name() const { return m_name; }
    Kind kind() const { return m_kind; }
    // Appends "# HELP", "# TYPE" and every series to `out`; nothing when the
    // family has no series.
    virtual void render(std::string& out) const = 0;

  protected:
    void render_head(std::string& out) const;

    std::string m_name;
    std::string m_help;
    Kind m_kind;
    mutable std::mutex m_mutex;
};

// Orders rendered label lists (`a="x",b="y"`) as the label maps they came
// from: name by name, then by value (unescaped, byte by byte), pair by pair,
// a shorter list first. Not the text's own order: `component="Git"` comes
// before `component="Git Operations"`, though '"' sorts after ' '.
struct LabelOrder {
    bool operator()(std::string_view a, std::string_view b) const;
};

template <class Metric>
class Family final : public FamilyBase {
  public:
    using FamilyBase::FamilyBase;

    // The series with `labels`, created (at 0) when new. Histograms take
    // their bucket bounds here; an existing series keeps its own.
    template <class... Args>
    Metric& add(const Labels& labels, Args&&... args);
    // Drops the series; a pointer not (or no longer) in the family is ignored.
    void remove(const Metric* metric);
    std::size_t size() const;
    void render(std::string& out) const override;

  private:
    using Map = std::map<std::string, Metric, LabelOrder>;
    Map m_series;
    std::unordered_map<const Metric*, typename Map::iterator> m_by_metric;
};

class Registry {
  public:
    Registry() = default;
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;

    // Registers a family; a second call with the same name answers the first
    // family (std::logic_error when it was registered as another kind).
    Family<Gauge>& gauge(std::string_view name, std::string_view help);
    Family<Counter>& counter(std::string_view name, std::string_view help);
    Family<Histogram>& histogram(std::string_view name, std::string_view help);

    // The text exposition of every family.
    std::string render() const;
    void render(std::string& out) const;

  private:
    template <class Metric>
    Family<Metric>& add_family(std::string_view name, std::string_view help, Kind kind);

    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<FamilyBase>> m_families;  // registration order
};

// The exposition's pieces, for the families and for tests.
void append_value(std::string& out, double v);
void append_escaped_label_value(std::string& out, std::string_view v);
// `a="x",b="y"`: a series' labels as the exposition writes them.
std::string render_labels(const Labels& labels);

template <class Metric>
template <class... Args>
Metric& Family<Metric>::add(const Labels& labels, Args&&... args) {
    std::string key = render_labels(labels);
    std::lock_guard lock(m_mutex);
    auto it = m_series.find(key);
    if (it != m_series.end()) {
        return it->second;
    }
    it = m_series
             .emplace(std::piecewise_construct, std::forward_as_tuple(std::move(key)),
                      std::forward_as_tuple(std::forward<Args>(args)...))
             .first;
    m_by_metric.emplace(&it->second, it);
    return it->second;
}

}  // namespace fairweather::metrics
