#include "config/checker.h"

#include <algorithm>
#include <tuple>

namespace fairweather::config_file {
namespace {

// Levenshtein distance, for "did you mean" hints on misspelt keys.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string quoted_list(const std::vector<std::string_view>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        out += i == 0 ? "" : (i + 1 == words.size() ? " or " : ", ");
        out += "\"" + std::string(words[i]) + "\"";
    }
    return out;
}

}  // namespace

void Checker::error(const toml::source_region& where, std::string message) {
    m_errors.push_back({m_file, static_cast<int>(where.begin.line),
                        static_cast<int>(where.begin.column), std::move(message)});
}

std::vector<ConfigError> Checker::take() && {
    std::stable_sort(m_errors.begin(), m_errors.end(), [](const auto& a, const auto& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return std::move(m_errors);
}

void Checker::only_keys(const toml::table& table, std::string_view where,
                        const std::vector<std::string_view>& known) {
    for (const auto& [key, value] : table) {
        const std::string_view name = key.str();
        if (std::find(known.begin(), known.end(), name) != known.end()) {
            continue;
        }
        std::string message = "unknown key \"" + std::string(name) + "\" in " + std::string(where);
        std::string_view best;
        std::size_t best_distance = 3;
        for (const auto k : known) {
            const auto d = edit_distance(name, k);
            if (d < best_distance) {
                best = k;
                best_distance = d;
            }
        }
        if (!best.empty()) {
            message += "; did you mean \"" + std::string(best) + "\"?";
        } else {
            message += "; known keys: " + quoted_list(known);
        }
        error(key.source().begin.line != 0 ? key.source() : value.source(), std::move(message));
    }
}

std::optional<std::string> Checker::string(const toml::node& node, std::string_view what) {
    if (const auto* s = node.as_string()) {
        return s->get();
    }
    error(node, std::string(what) + " must be a string");
    return std::nullopt;
}

std::optional<Duration> Checker::duration(const toml::node& node, std::string_view what) {
    if (const auto* number = node.as_integer()) {
        // `poll_interval = 30`: seconds, minutes? Say how to write it.
        const std::string n = std::to_string(number->get());
        error(node, std::string(what) + " must be a duration with its unit, as a string: \"" + n +
                        "s\" for " + n + " seconds, \"" + n + "m\" for minutes");
        return std::nullopt;
    }
    const auto text = string(node, what);
    if (!text) {
        return std::nullopt;
    }
    auto parsed = parse_duration(*text);
    if (!parsed) {
        error(node, std::string(what) + ": " + parsed.error());
        return std::nullopt;
    }
    return *parsed;
}

std::optional<Weather> Checker::weather(const toml::node& node, std::string_view what) {
    const auto text = string(node, what);
    if (!text) {
        return std::nullopt;
    }
    if (auto w = parse_weather(*text)) {
        return w;
    }
    error(node, std::string(what) + ": \"" + *text + "\" is not a weather; use " +
                    quoted_list({"fair", "degraded", "outage", "unknown"}));
    return std::nullopt;
}

std::optional<Decision> Checker::decision(const toml::node& node, std::string_view what) {
    const auto text = string(node, what);
    if (!text) {
        return std::nullopt;
    }
    if (auto d = parse_decision(*text)) {
        return d;
    }
    error(node, std::string(what) + ": \"" + *text + "\" is not a decision; use " +
                    quoted_list({"proceed", "defer", "block"}));
    return std::nullopt;
}

std::optional<std::int64_t> Checker::integer(const toml::node& node, std::string_view what) {
    if (const auto* i = node.as_integer()) {
        return i->get();
    }
    error(node, std::string(what) + " must be a whole number");
    return std::nullopt;
}

const toml::table* Checker::table(const toml::node& node, std::string_view what) {
    if (const auto* t = node.as_table()) {
        return t;
    }
    error(node, std::string(what) + " must be a table");
    return nullptr;
}

std::vector<std::string> Checker::string_list(const toml::node& node, std::string_view what) {
    std::vector<std::string> out;
    const auto* array = node.as_array();
    if (array == nullptr) {
        error(node, std::string(what) + " must be an array of strings, e.g. [\"ci.yml\"]");
        return out;
    }
    for (const auto& item : *array) {
        if (auto s = string(item, what)) {
            out.push_back(*s);
        }
    }
    return out;
}

void Checker::read_duration(const toml::table& t, std::string_view key, std::string_view section,
                            Duration& target, Duration min) {
    const auto* n = t.get(key);
    if (n == nullptr) {
        return;
    }
    const std::string what = std::string(section) + " " + std::string(key);
    if (auto d = duration(*n, what)) {
        if (*d < min) {
            error(*n, what + " must be at least " + format_duration(min));
        } else {
            target = *d;
        }
    }
}

void Checker::read_int(const toml::table& t, std::string_view key, std::string_view section,
                       int& target, int min, int max) {
    const auto* n = t.get(key);
    if (n == nullptr) {
        return;
    }
    const std::string what = std::string(section) + " " + std::string(key);
    if (auto v = integer(*n, what)) {
        if (*v < min || *v > max) {
            error(*n,
                  what + " must be between " + std::to_string(min) + " and " + std::to_string(max));
        } else {
            target = static_cast<int>(*v);
        }
    }
}

void Checker::read_bool(const toml::table& t, std::string_view key, std::string_view section,
                        bool& target) {
    const auto* n = t.get(key);
    if (n == nullptr) {
        return;
    }
    if (const auto* b = n->as_boolean()) {
        target = b->get();
    } else {
        error(*n, std::string(section) + " " + std::string(key) + " must be true or false");
    }
}

void Checker::read_share(const toml::table& t, std::string_view key, std::string_view section,
                         double& target) {
    const auto* n = t.get(key);
    if (n == nullptr) {
        return;
    }
    const std::string what = std::string(section) + " " + std::string(key);
    const auto value = n->is_integer()
                           ? std::optional<double>(static_cast<double>(n->as_integer()->get()))
                           : n->value<double>();
    if (!value || !n->is_number()) {
        error(*n, what + " must be a number between 0 and 1 (a share: 0.25 is a quarter)");
    } else if (*value < 0 || *value > 1) {
        error(*n, what + " must be between 0 and 1 (a share: 0.25 is a quarter, not 25)");
    } else {
        target = *value;
    }
}

}  // namespace fairweather::config_file
