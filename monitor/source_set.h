#pragma once
// The sources a config asks the monitor to poll.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/sources/job_book.h"
#include "core/sources/source.h"
#include "core/util/secret.h"

namespace fairweather::monitor {

// Each watched repository's jobs, by its name in lower case (GitHub's names
// are case-insensitive): what its Actions source judges and the webhook
// receiver pushes into.
using JobBooks = std::map<std::string, std::shared_ptr<github::JobBook>, std::less<>>;

struct SourceSet {
    std::vector<std::unique_ptr<Source>> sources;
    JobBooks books;
};

// In config order: each status page, then for each [[repos]] entry its
// Actions runs and its releases. GitHub sources ask with `github_token`
// (when there is one).
SourceSet make_source_set(const Config& config, const Secret& github_token);
std::vector<std::unique_ptr<Source>> make_sources(const Config& config, const Secret& github_token);

}  // namespace fairweather::monitor
