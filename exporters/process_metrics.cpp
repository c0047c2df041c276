#include "exporters/process_metrics.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
#include <sys/resource.h>
#include <unistd.h>

#include "core/util/build_info.h"
#include "exporters/catalogue.h"

namespace fairweather {
namespace {

// /proc/self/stat's fields from the 3rd on (after "pid (comm)", whose comm
// may hold spaces and parentheses), so fields[0] is field 3 (state).
std::vector<std::string> stat_fields() {
    std::ifstream in("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) {
        return {};
    }
    std::istringstream rest(text.substr(close + 1));
    std::vector<std::string> fields;
    for (std::string f; rest >> f;) {
        fields.push_back(f);
    }
    return fields;
}

// The boot time from /proc/stat's "btime" line, in seconds since the epoch.
std::optional<double> boot_time() {
    std::ifstream in("/proc/stat");
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("btime ")) {
            return std::stod(line.substr(6));
        }
    }
    return std::nullopt;
}

std::optional<double> number(const std::vector<std::string>& fields, std::size_t field) {
    // `field` is the 1-based field number in proc(5); fields[0] is field 3.
    if (field < 3 || field - 3 >= fields.size()) {
        return std::nullopt;
    }
    try {
        return std::stod(fields[field - 3]);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string escape_label(std::string_view value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

void family(std::string& out, std::string_view name, const std::string& labels,
            std::optional<double> value) {
    if (!value) {
        return;
    }
    const MetricFamily& f = metric_family(name);
    char number[64];
    std::snprintf(number, sizeof number, "%.17g", *value);
    out += "# HELP " + std::string(name) + " " + std::string(f.help) + "\n";
    out += "# TYPE " + std::string(name) + " " + std::string(to_string(f.type)) + "\n";
    out += std::string(name) + labels + " " + number + "\n";
}

}  // namespace

std::string render_process_metrics() {
    std::string out;
    family(out, "fairweather_build_info",
           "{version=\"" + escape_label(version()) + "\",revision=\"" + escape_label(revision()) +
               "\"}",
           1.0);
    const auto fields = stat_fields();
    const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
    const auto utime = number(fields, 14);
    const auto stime = number(fields, 15);
    if (utime && stime && ticks > 0) {
        family(out, "process_cpu_seconds_total", "", (*utime + *stime) / ticks);
    }
    if (const auto rss = number(fields, 24)) {
        family(out, "process_resident_memory_bytes", "", *rss * page);
    }
    family(out, "process_virtual_memory_bytes", "", number(fields, 23));
    std::error_code ec;
    double fds = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++fds;
    }
    if (!ec) {
        family(out, "process_open_fds", "", fds);
    }
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        family(out, "process_max_fds", "", static_cast<double>(limit.rlim_cur));
    }
    const auto started = number(fields, 22);
    const auto boot = boot_time();
    if (started && boot && ticks > 0) {
        family(out, "process_start_time_seconds", "", *boot + *started / ticks);
    }
    return out;
}

}  // namespace fairweather
