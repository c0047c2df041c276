#include "core/sources/job_book.h"

#include <algorithm>

namespace fairweather::github {

void JobBook::push(const WorkflowJob& job, TimePoint received_at, std::optional<Duration> delay) {
    std::lock_guard lock(m_mutex);
    Entry& entry = m_entries[RunAttempt{job.run_id, job.run_attempt}];
    entry.pushed = true;
    entry.touched = std::max(entry.touched, received_at);
    const auto same = std::find_if(entry.jobs.begin(), entry.jobs.end(),
                                   [&](const WorkflowJob& j) { return j.id == job.id; });
    if (same == entry.jobs.end()) {
        entry.jobs.push_back(job);
    } else if (same->status != "completed" || job.status == "completed") {
        // Deliveries can arrive out of order: a late "queued" never undoes
        // a "completed".
        *same = job;
    }
    if (delay) {
        m_delays.emplace_back(received_at, *delay);
    }
}

std::optional<JobBook::Entry> JobBook::entry(RunAttempt key) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        return std::nullopt;
    }
    return it->second;
}

void JobBook::store(RunAttempt key, Entry entry) {
    std::lock_guard lock(m_mutex);
    Entry& kept = m_entries[key];
    // A delivery that came while the list was being read wins: it is newer.
    entry.pushed = entry.pushed || kept.pushed;
    if (kept.pushed && !entry.final) {
        return;
    }
    kept = std::move(entry);
}

void JobBook::touch(RunAttempt key, TimePoint now) {
    std::lock_guard lock(m_mutex);
    if (const auto it = m_entries.find(key); it != m_entries.end()) {
        it->second.touched = std::max(it->second.touched, now);
    }
}

std::vector<Duration> JobBook::delays_since(TimePoint from) const {
    std::lock_guard lock(m_mutex);
    std::vector<Duration> delays;
    for (const auto& [at, delay] : m_delays) {
        if (at >= from) {
            delays.push_back(delay);
        }
    }
    return delays;
}

void JobBook::prune(TimePoint before) {
    std::lock_guard lock(m_mutex);
    std::erase_if(m_entries, [&](const auto& e) { return e.second.touched < before; });
    while (!m_delays.empty() && m_delays.front().first < before) {
        m_delays.pop_front();
    }
}

std::size_t JobBook::attempts() const {
    std::lock_guard lock(m_mutex);
    return m_entries.size();
}

}  // namespace fairweather::github
