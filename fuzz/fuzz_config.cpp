// fairweather's TOML config as a file on disk may hold it: parse_config on
// the bytes, every error described, and what the rest of fairweather reads
// first from a config that parses (the policy in one line, the queue's
// rules). In the fuzz build toml++ is compiled in and instrumented, as Debian
// ships it (assertions off; cmake/Fuzz.cmake), so this fuzzes Debian's
// toml++ too: UBSan stops at any unreachable branch it reaches.

#include "config/config.h"
#include "fuzz/fuzz_support.h"

using namespace fairweather;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A [policy] time_zone that names an IANA zone is looked up as a file
    // under this directory; it does not exist, so the target reads no file.
    static const std::filesystem::path no_zoneinfo = "/nonexistent/fairweather-fuzz-zoneinfo";
    const auto config = parse_config(fuzz::as_text(data, size), "fuzz.toml", no_zoneinfo);
    if (!config) {
        fuzz::require(!config.error().empty(), "a config that fails says why");
        for (const auto& e : config.error()) {
            fuzz::require(!e.message.empty(), "every config error has a message");
            (void)e.describe();
        }
        return 0;
    }
    (void)describe_policy(config->policy);
    (void)queue_rules(*config);
    return 0;
}
