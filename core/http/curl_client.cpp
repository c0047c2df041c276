#include "core/http/curl_client.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include <curl/curl.h>

#include "core/http/trust_store.h"
#include "core/util/build_info.h"
#include "core/util/text.h"

namespace fairweather {
namespace {

void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One transfer's state, which curl's callbacks fill.
struct Transfer {
    std::size_t max_bytes = 0;
    bool too_large = false;
    HttpResponse response;
    char error_buffer[CURL_ERROR_SIZE] = {};
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    if (t->response.body.size() + n > t->max_bytes) {
        t->too_large = true;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    t->response.body.append(data, n);
    return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    std::string_view line(data, n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
        line.remove_suffix(1);
    }
    if (line.starts_with("HTTP/")) {
        // A new response (after a redirect or a 100 Continue): keep only the last one's fields.
        t->response.headers.clear();
        return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
        return n;
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
    }
    t->response.headers.add(std::string(line.substr(0, colon)), std::string(value));
    return n;
}

HttpError::Kind classify(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
            return HttpError::Kind::connect;
        case CURLE_OPERATION_TIMEDOUT:
            return HttpError::Kind::timeout;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
            return HttpError::Kind::tls;
        case CURLE_FILESIZE_EXCEEDED:
            return HttpError::Kind::too_large;
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            return HttpError::Kind::invalid;
        case CURLE_PARTIAL_FILE:
        case CURLE_GOT_NOTHING:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_WEIRD_SERVER_REPLY:
        case CURLE_HTTP2:
        case CURLE_BAD_CONTENT_ENCODING:
        case CURLE_TOO_MANY_REDIRECTS:
            return HttpError::Kind::protocol;
        default:
            return HttpError::Kind::other;
    }
}

struct EasyDeleter {
    void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
struct ListDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// Idle handles kept at most, whatever their origin: room for one per host
// the monitor polls. Past it the longest idle is closed, which bounds the
// sockets one client holds.
constexpr std::size_t k_max_idle_handles = 32;

// "https://api.github.com" from "https://user@API.github.com/repos?x": what
// decides whether a kept connection can carry a request (credentials do not).
std::string origin_of(std::string_view url) {
    const auto scheme = url.find("://");
    return scheme == std::string_view::npos
               ? lower(host_of(url))
               : lower(url.substr(0, scheme)) + "://" + lower(host_of(url));
}

struct Limits {
    Duration connect_timeout;
    Duration timeout;
};

// Everything HttpSettings asks of a transfer, and where its answer goes.
void set_options(CURL* h, const HttpRequest& request, const HttpSettings& settings,
                 const Limits& limits, curl_slist* header_list, Transfer& transfer) {
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    // HTTP/2 where TLS's ALPN offers it, HTTP/1.1 (kept alive) otherwise.
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, settings.max_redirects);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(limits.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(limits.timeout.count()));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (const std::string ca_file = system_ca_file(settings.ca_file); !ca_file.empty()) {
        curl_easy_setopt(h, CURLOPT_CAINFO, ca_file.c_str());
    }
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, settings.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(settings.max_response_bytes));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, transfer.error_buffer);
    if (request.method == "GET") {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
    }
}

// One request on `h`, whose options are unset. Leaves options pointing into
// this call's locals: the caller resets `h` before anything else uses it.
Expected<HttpResponse, HttpError> perform(CURL* h, const HttpRequest& request,
                                          const HttpSettings& settings) {
    const std::string shown_url = redact_url(request.url);
    const auto fail = [&](HttpError::Kind kind, std::string message) {
        return make_unexpected(HttpError{kind, shown_url, std::move(message)});
    };

    curl_slist* raw_list = nullptr;
    for (const auto& [name, value] : request.headers.fields()) {
        const std::string line = name + ": " + value;
        curl_slist* next = curl_slist_append(raw_list, line.c_str());
        if (next == nullptr) {
            curl_slist_free_all(raw_list);
            return fail(HttpError::Kind::other, "could not build request headers (out of memory?)");
        }
        raw_list = next;
    }
    const std::unique_ptr<curl_slist, ListDeleter> header_list(raw_list);

    const Limits limits{
        std::min(settings.connect_timeout, request.connect_timeout.value_or(Duration::max())),
        std::min(settings.timeout, request.timeout.value_or(Duration::max()))};
    Transfer transfer;
    transfer.max_bytes = settings.max_response_bytes;
    set_options(h, request, settings, limits, header_list.get(), transfer);

    const CURLcode code = curl_easy_perform(h);

    curl_off_t total_us = 0;
    curl_easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &total_us);
    transfer.response.elapsed =
        std::chrono::duration_cast<Duration>(std::chrono::microseconds{total_us});

    if (code != CURLE_OK) {
        if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED) {
            return fail(HttpError::Kind::too_large,
                        "response body is larger than the " +
                            std::to_string(settings.max_response_bytes) +
                            "-byte limit; raise [http].max_response_bytes if the source is right");
        }
        const HttpError::Kind kind = classify(code);
        std::string message =
            transfer.error_buffer[0] != '\0' ? transfer.error_buffer : curl_easy_strerror(code);
        if (kind == HttpError::Kind::timeout) {
            message += " (limits: connect " + format_duration(limits.connect_timeout) + ", total " +
                       format_duration(limits.timeout) + ")";
        }
        // curl's messages can quote the URL it was given: keep credentials out.
        if (const auto at = message.find(request.url); at != std::string::npos) {
            message.replace(at, request.url.size(), shown_url);
        }
        return fail(kind, message);
    }

    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = static_cast<int>(status);
    char* effective = nullptr;
    curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective);
    transfer.response.url = redact_url(effective != nullptr ? effective : request.url);
    return std::move(transfer.response);
}

}  // namespace

// Idle easy handles by origin. A handle keeps its live connections in its own
// cache (curl_easy_reset leaves them), so taking one back means taking its
// connection. Not curl's share interface: sharing one connection cache
// between threads is a known bug in the libcurl this builds with (7.88).
class CurlHttpClient::Pool {
  public:
    // An idle handle for `origin`, the most recently used first (its
    // connection is the least likely to have been closed), or a new one; null
    // when curl cannot make one.
    Easy take(const std::string& origin) {
        {
            std::lock_guard lock(m_mutex);
            for (auto it = m_idle.rbegin(); it != m_idle.rend(); ++it) {
                if (it->origin == origin) {
                    Easy easy = std::move(it->easy);
                    m_idle.erase(std::next(it).base());
                    return easy;
                }
            }
        }
        return Easy(curl_easy_init());
    }

    // Keeps `easy`, whose options were reset, for the next request to `origin`.
    void give_back(std::string origin, Easy easy) {
        Easy oldest;  // closed after the lock is released
        std::lock_guard lock(m_mutex);
        if (m_idle.size() >= k_max_idle_handles) {
            oldest = std::move(m_idle.front().easy);
            m_idle.erase(m_idle.begin());
        }
        m_idle.push_back(Idle{std::move(origin), std::move(easy)});
    }

  private:
    struct Idle {
        std::string origin;
        Easy easy;
    };
    std::mutex m_mutex;
    std::vector<Idle> m_idle;  // the longest idle first
};

CurlHttpClient::CurlHttpClient(HttpSettings settings)
    : m_settings(std::move(settings)), m_pool(std::make_unique<Pool>()) {
    init_curl_once();
    if (m_settings.user_agent.empty()) {
        m_settings.user_agent = std::string(user_agent());
    }
}

CurlHttpClient::~CurlHttpClient() = default;

Expected<HttpResponse, HttpError> CurlHttpClient::send(const HttpRequest& request) {
    const std::string origin = origin_of(request.url);
    Easy easy = m_pool->take(origin);
    if (!easy) {
        return make_unexpected(HttpError{HttpError::Kind::other, redact_url(request.url),
                                         "could not create a curl handle (out of memory?)"});
    }
    auto result = perform(easy.get(), request, m_settings);
    // Forget this request's options (they point into perform()'s locals); the
    // connections stay with the handle.
    curl_easy_reset(easy.get());
    if (result) {
        m_pool->give_back(origin, std::move(easy));
    }
    return result;
}

}  // namespace fairweather
