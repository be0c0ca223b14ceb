#include "syncserver/http/log.h"

#include <boost/json.hpp>
#include <chrono>

namespace bianmin::syncd {

void Logger::write(const char* level, const std::string& msg, Fields fields) {
    if (m_quiet && std::string(level) == "info")
        return;
    boost::json::object o;
    o["ts"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
    o["level"] = level;
    o["msg"] = msg;
    for (const auto& [k, v] : fields)
        o[k] = v;
    const std::string line = boost::json::serialize(o) + "\n";
    std::lock_guard lock(m_mutex);
    std::fwrite(line.data(), 1, line.size(), m_out);
    std::fflush(m_out);
}

} // namespace bianmin::syncd
