#include "tests/support/cassette.h"

#include <stdexcept>

#include "core/json/reader.h"
#include "core/util/text.h"
#include "tests/support/fixtures.h"

namespace fairweather::testing {
namespace {

// Standard base64 (VCR records non-UTF-8 bodies so); padding optional.
std::string from_base64(std::string_view text) {
    static const std::string k_alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const auto value = k_alphabet.find(c);
        if (value == std::string::npos) {
            continue;  // '=' and line breaks
        }
        buffer = (buffer << 6) | static_cast<unsigned>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

std::string text_of(json::Reader& r, json::Object o, std::string_view key) {
    return r.string(o, key, "");
}

}  // namespace

std::vector<CassetteCall> read_octokit_cassette(const std::filesystem::path& file) {
    std::vector<CassetteCall> calls;
    const std::string text = read_file(file);
    const auto read = json::read_listed(
        text, "an octokit cassette", "http_interactions",
        [&](json::Reader& r, json::Object, json::Object interaction, const std::string&) {
            CassetteCall call;
            const auto request = r.field(interaction, "request");
            const auto response = r.field(interaction, "response");
            const auto req = request ? request->object() : std::nullopt;
            const auto resp = response ? response->object() : std::nullopt;
            if (!req || !resp) {
                r.fail(file.string(), "an interaction without request or response");
                return;
            }
            call.method = text_of(r, *req, "method");
            for (auto& c : call.method) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            call.uri = text_of(r, *req, "uri");
            if (const auto status = r.field(*resp, "status"); status && status->object()) {
                call.response.status =
                    static_cast<int>(r.integer(*status->object(), "code", "").value_or(0));
            }
            const auto headers = r.field(*resp, "headers");
            if (const auto fields = headers ? headers->object() : std::nullopt) {
                for (const auto member : *fields) {
                    if (const auto values = member.value.array()) {
                        for (const auto value : *values) {
                            call.response.headers.add(std::string(member.key),
                                                      std::string(value.string().value_or("")));
                        }
                    }
                }
            }
            if (const auto body = r.field(*resp, "body"); body && body->object()) {
                const std::string plain = text_of(r, *body->object(), "string");
                call.response.body = plain.empty()
                                         ? from_base64(text_of(r, *body->object(), "base64_string"))
                                         : plain;
            }
            call.response.url = call.uri;
            calls.push_back(std::move(call));
        });
    if (!read) {
        throw std::runtime_error(file.string() + ": " + read.error().describe());
    }
    return calls;
}

}  // namespace fairweather::testing
