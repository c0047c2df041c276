#pragma once
// Octokit's recorded HTTP interactions (VCR cassettes, under
// peer_fixtures_dir() / "octokit__octokit.rb"), read into requests and
// answers a fake can serve: a cassette keeps the response headers (ETag,
// Link), which PyGithub's replay files reduce to text.

#include <filesystem>
#include <string>
#include <vector>

#include "core/http/client.h"

namespace fairweather::testing {

struct CassetteCall {
    std::string method;  // upper case, as sent
    std::string uri;     // as recorded: may hold placeholders like <GITHUB_LOGIN>
    HttpResponse response;
};

// Every interaction of one cassette, in the order recorded. Throws when the
// file is not a cassette.
std::vector<CassetteCall> read_octokit_cassette(const std::filesystem::path& file);

}  // namespace fairweather::testing
