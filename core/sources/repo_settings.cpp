#include "core/sources/repo_settings.h"

#include <algorithm>
#include <cctype>

namespace fairweather::github {

std::string repo_name_problem(std::string_view value) {
    const auto slash = value.find('/');
    if (slash == std::string_view::npos || value.find('/', slash + 1) != std::string_view::npos) {
        return "\"" + std::string(value) + "\" is not OWNER/NAME";
    }
    const std::string_view owner = value.substr(0, slash);
    const std::string_view name = value.substr(slash + 1);
    const auto owner_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    };
    const auto name_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    };
    if (owner.empty() || owner.size() > 39 || owner.front() == '-' ||
        !std::all_of(owner.begin(), owner.end(), owner_char)) {
        return "owner \"" + std::string(owner) + "\" is not a GitHub user or organisation name";
    }
    if (name.empty() || name.size() > 100 || name == "." || name == ".." ||
        !std::all_of(name.begin(), name.end(), name_char)) {
        return "repository name \"" + std::string(name) + "\" is not valid on GitHub";
    }
    return {};
}

}  // namespace fairweather::github
