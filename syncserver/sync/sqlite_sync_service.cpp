#include "syncserver/sync/sqlite_sync_service.h"

#include "common/domain/case_number.h"
#include "common/domain/event_codec.h"
#include "common/domain/ids.h"
#include "common/domain/json_read.h"
#include "common/refdata/reference_files.h"
#include "common/store/crypto.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <future>
#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace bianmin::syncd {

using namespace bianmin::domain;
namespace crypto = bianmin::store::crypto;
namespace json = boost::json;

namespace {

constexpr std::string_view kCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // 32, no 0O1I
constexpr std::size_t kCodeLength = 16;
constexpr std::size_t kMaxDeviceName = 100;
constexpr std::int64_t kMaxLockMs = std::int64_t{5} * 60 * 1000;
constexpr std::int64_t kMaxOfficialSequence = 999'999; // makeOfficialNumber's six digits
constexpr std::size_t kWatchPage = 1000;

Error fail(ErrorKind kind, std::string code, std::string message) {
    return {kind, std::move(code), std::move(message)};
}
Error badRequest(std::string message) {
    return fail(ErrorKind::InvalidInput, "bad_request", std::move(message));
}
// A store failure as the protocol names it: "busy" stays (429, try again), the rest is internal.
Error storeError(const Error& e) {
    if (e.code == "busy")
        return e;
    return fail(ErrorKind::Retryable, "internal", e.message);
}

// At most n bytes of s, cut at a character boundary.
std::string truncateUtf8(std::string_view s, std::size_t n) {
    if (s.size() <= n)
        return std::string(s);
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        --n;
    return std::string(s.substr(0, n));
}

bool sameHash(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool creates(const Event& e) {
    return std::holds_alternative<DraftPayload>(e.payload) ||
           std::holds_alternative<ReceivePayload>(e.payload);
}

json::object userJson(const UserRecord& u) {
    return {{"userId", u.id},
            {"name", u.name},
            {"role", roleKey(u.role)},
            {"siteId", u.siteId},
            {"department", u.department},
            {"grade", static_cast<int>(u.grade)},
            {"passwordHash", u.passwordHash}};
}

} // namespace

struct StoreSyncService::Loaded {
    std::int64_t version = 0;
    std::shared_ptr<const refdata::ReferenceData> data;
    json::value org;
    json::value catalog;
    std::string calendar;
};

// --- accounts helpers
// -----------------------------------------------------------------------------

Actor systemActor(const Org& org) {
    return {"syncd", "系统", Role::System, org.center().id, {}, Grade::None, "syncd"};
}

Instant systemNow() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string hashSecret(std::string_view secret) {
    const std::string input = std::string("bianmin-secret-v1:") + std::string(secret);
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    if (EVP_Digest(input.data(), input.size(), md.data(), &len, EVP_sha256(), nullptr) != 1)
        return {}; // never matches a stored hash
    return toHex(md.data(), len);
}

Result<std::string> randomHex(std::size_t bytes) {
    auto r = crypto::randomBytes(bytes);
    if (!r)
        return r.error();
    return toHex(r->data(), r->size());
}

std::string normalizeEnrollmentCode(std::string_view code) {
    std::string out;
    for (char c : code) {
        if (c == '-' || c == ' ')
            continue;
        out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return out;
}

Result<std::string> issueEnrollmentCode(ServerStore& store, const std::string& siteId,
                                        const std::string& department, Instant now,
                                        Instant lifetime) {
    auto site = store.site(siteId);
    if (!site)
        return storeError(site.error());
    if (!*site)
        return fail(ErrorKind::NotFound, "unknown_site", "服务场所 " + siteId + " 不存在");
    if (!department.empty() && (*site)->kind != SiteKind::Center)
        return badRequest("只有市政务服务中心的设备可以绑定部门");
    auto random = crypto::randomBytes(kCodeLength);
    if (!random)
        return random.error();
    std::string code;
    for (std::uint8_t b : *random)
        code += kCodeAlphabet[b % kCodeAlphabet.size()]; // 256 is a multiple of 32: no bias
    EnrollmentCodeRecord rec;
    rec.codeHash = hashSecret(code);
    rec.siteId = siteId;
    rec.department = department;
    rec.createdAt = now;
    rec.expiresAt = now + lifetime;
    if (auto st = store.createEnrollmentCode(rec); !st)
        return storeError(st.error());
    return code.substr(0, 4) + "-" + code.substr(4, 4) + "-" + code.substr(8, 4) + "-" +
           code.substr(12, 4);
}

std::vector<std::string> readersOfDevice(const DeviceRecord& d) {
    std::vector<std::string> out{d.siteId};
    if (!d.department.empty())
        out.push_back("dept:" + d.department);
    return out;
}

std::string readerOf(const Holder& h) {
    return h.department.empty() ? h.siteId : "dept:" + h.department;
}

std::string formatCursor(const PullCursor& c) {
    return std::to_string(c.key) + ":" + std::to_string(c.seq);
}

std::optional<PullCursor> parseCursor(std::string_view text) {
    if (text.empty())
        return PullCursor{};
    const auto colon = text.find(':');
    if (colon == std::string_view::npos)
        return std::nullopt;
    auto number = [](std::string_view s) -> std::optional<std::int64_t> {
        if (s.empty() || s.size() > 18 ||
            !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        std::int64_t v = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || end != s.data() + s.size())
            return std::nullopt;
        return v;
    };
    const auto key = number(text.substr(0, colon));
    const auto seq = number(text.substr(colon + 1));
    if (!key || !seq || *seq > *key)
        return std::nullopt;
    return PullCursor{*key, *seq};
}

// --- the service
// ----------------------------------------------------------------------------------

StoreSyncService::StoreSyncService(ServerStore& store, ServiceOptions options)
    : m_store(store)
    , m_options(std::move(options)) {}

StoreSyncService::~StoreSyncService() = default;

Instant StoreSyncService::now() const {
    return m_options.now ? m_options.now() : systemNow();
}

void StoreSyncService::setPokeSink(std::function<void(const std::vector<std::string>&)> sink) {
    const std::lock_guard lock(m_sinkMutex);
    m_sink = std::move(sink);
}

Result<DeviceRecord> StoreSyncService::checkDevice(const DeviceAuth& d) {
    if (d.deviceId.empty() || d.secret.empty())
        return fail(ErrorKind::NotPermitted, "bad_device", "缺少设备凭据");
    auto dev = m_store.device(d.deviceId);
    if (!dev)
        return storeError(dev.error());
    if (!*dev || !sameHash((*dev)->secretHash, hashSecret(d.secret)))
        return fail(ErrorKind::NotPermitted, "bad_device", "设备凭据无效");
    if ((*dev)->revokedAt)
        return fail(ErrorKind::NotPermitted, "revoked", "本设备已被停用，请联系管理员重新注册");
    return std::move(**dev);
}

Result<StoreSyncService::Context> StoreSyncService::authenticate(const Caller& c) {
    auto dev = checkDevice(c.device);
    if (!dev)
        return dev.error();
    if (c.userToken.empty())
        return fail(ErrorKind::NotPermitted, "bad_token", "请先登录");
    auto s = m_store.session(hashSecret(c.userToken));
    if (!s)
        return storeError(s.error());
    if (!*s || (*s)->deviceId != dev->id)
        return fail(ErrorKind::NotPermitted, "bad_token", "登录凭据无效，请重新登录");
    if (now() >= (*s)->expiresAt)
        return fail(ErrorKind::NotPermitted, "expired_token", "登录已过期，请重新登录");
    auto user = m_store.user((*s)->userId);
    if (!user)
        return storeError(user.error());
    if (!*user || !(*user)->active || (*user)->siteId != dev->siteId)
        return fail(ErrorKind::NotPermitted, "bad_token", "用户已停用或调离，请重新登录");
    Context ctx{std::move(*dev), std::move(**user), {}};
    ctx.readers = readersOfDevice(ctx.device);
    return ctx;
}

Result<std::shared_ptr<const StoreSyncService::Loaded>> StoreSyncService::loadReference() {
    auto version = m_store.referenceVersion();
    if (!version)
        return storeError(version.error());
    const std::lock_guard lock(m_refMutex);
    if (m_ref && m_ref->version == *version)
        return m_ref;
    if (*version == 0)
        return fail(ErrorKind::NotFound, "not_found",
                    "服务器尚未导入参考数据（bianmin-syncd admin import-reference）");
    auto set = m_store.reference(*version);
    if (!set)
        return storeError(set.error());
    if (!*set)
        return fail(ErrorKind::Retryable, "internal",
                    "参考数据第 " + std::to_string(*version) + " 版不完整");
    auto org = Org::fromJson((*set)->org, "org");
    if (!org)
        return fail(ErrorKind::Retryable, "internal", org.error().message);
    auto catalog = Catalog::fromJson((*set)->catalog, "catalog", *org);
    if (!catalog)
        return fail(ErrorKind::Retryable, "internal", catalog.error().message);
    auto calendar = WorkCalendar::fromTsv((*set)->calendar, "calendar");
    if (!calendar)
        return fail(ErrorKind::Retryable, "internal", calendar.error().message);
    auto orgJson = parseJsonDocument((*set)->org, "org");
    auto catalogJson = parseJsonDocument((*set)->catalog, "catalog");
    if (!orgJson || !catalogJson)
        return fail(ErrorKind::Retryable, "internal", "参考数据不是有效的 JSON");
    auto loaded = std::make_shared<Loaded>();
    loaded->version = *version;
    loaded->data = std::make_shared<const refdata::ReferenceData>(
        refdata::ReferenceData{std::move(*org), std::move(*catalog), std::move(*calendar)});
    loaded->org = std::move(*orgJson);
    loaded->catalog = std::move(*catalogJson);
    loaded->calendar = (*set)->calendar;
    m_ref = loaded;
    return m_ref;
}

// --- enrollment and login
// -------------------------------------------------------------------------

Result<EnrollResponse> StoreSyncService::enroll(const EnrollRequest& r) {
    const std::string code = normalizeEnrollmentCode(r.code);
    if (code.empty())
        return badRequest("缺少注册码");
    if (r.deviceName.empty() || r.deviceName.size() > kMaxDeviceName)
        return badRequest("设备名称不能为空，且不超过 100 字节");
    auto id = randomHex(8);
    auto secret = randomHex(32);
    if (!id || !secret)
        return fail(ErrorKind::Retryable, "internal", "无法生成随机数");
    DeviceRecord device;
    device.id = "dv-" + *id;
    device.name = r.deviceName;
    device.secretHash = hashSecret(*secret);
    auto outcome = m_store.redeemEnrollmentCode(hashSecret(code), now(), device);
    if (!outcome)
        return storeError(outcome.error());
    switch (*outcome) {
    case RedeemOutcome::Enrolled: {
        // A code made before its site was closed enrolls nothing: the device is revoked at once
        // (and the code stays used).
        auto ref = loadReference();
        if (!ref)
            return ref.error();
        if (const Site* site = (*ref)->data->org.site(device.siteId); site && !site->active) {
            if (auto revoked = m_store.revokeDevice(device.id, now()); !revoked)
                return storeError(revoked.error());
            return fail(ErrorKind::NotPermitted, "site_closed",
                        "该服务场所已停用，不能注册设备；请向管理员核实");
        }
        return EnrollResponse{device.id, *secret, device.siteId, device.department};
    }
    case RedeemOutcome::UnknownCode:
        return fail(ErrorKind::NotPermitted, "bad_code", "注册码无效，请核对后重新输入");
    case RedeemOutcome::UsedCode:
        return fail(ErrorKind::NotPermitted, "bad_code",
                    "注册码已经使用过，请向管理员申请新的注册码");
    case RedeemOutcome::ExpiredCode:
        return fail(ErrorKind::NotPermitted, "bad_code", "注册码已过期，请向管理员申请新的注册码");
    }
    return fail(ErrorKind::Retryable, "internal", "enroll");
}

Result<UserRecord> checkUserPassword(ServerStore& store, const std::string& userId,
                                     const std::string& password, Instant t) {
    if (userId.empty() || password.empty())
        return badRequest("请输入用户名和密码");
    auto found = store.user(userId);
    if (!found)
        return storeError(found.error());
    // Unknown and inactive users get the same answer as a wrong password. (User ids are no
    // secret: the site's devices receive them with the reference data.)
    if (!*found || !(*found)->active)
        return fail(ErrorKind::NotPermitted, "wrong_password", "用户名或密码错误");
    const UserRecord& user = **found;
    if (t < user.lockedUntil) {
        const auto waitS = (user.lockedUntil - t + 999) / 1000;
        return fail(ErrorKind::NotPermitted, "locked",
                    "密码错误次数过多，请 " + std::to_string(waitS) + " 秒后再试");
    }
    if (!crypto::verifyPassword(password, user.passwordHash)) {
        auto n = store.addLoginFailure(user.id);
        if (!n)
            return storeError(n.error());
        const Instant delay = std::min<Instant>(kMaxLockMs, Instant{1000} << std::min(*n - 1, 20));
        if (auto st = store.setLockedUntil(user.id, t + delay); !st)
            return storeError(st.error());
        return fail(ErrorKind::NotPermitted, "wrong_password",
                    "用户名或密码错误（连续第 " + std::to_string(*n) + " 次），请 " +
                        std::to_string(delay / 1000) + " 秒后重试");
    }
    if (user.failedLogins > 0)
        if (auto st = store.clearLoginFailures(user.id); !st)
            return storeError(st.error());
    return user;
}

Result<LoginResponse> StoreSyncService::login(const DeviceAuth& d, const LoginRequest& r) {
    auto dev = checkDevice(d);
    if (!dev)
        return dev.error();
    const Instant t = now();
    auto checked = checkUserPassword(m_store, r.userId, r.password, t);
    if (!checked)
        return checked.error();
    const UserRecord& user = *checked;
    if (user.siteId != dev->siteId)
        return fail(ErrorKind::NotPermitted, "forbidden",
                    "用户 " + user.id + " 不属于本设备所在的服务场所");
    if (!dev->department.empty() && !user.department.empty() && user.department != dev->department)
        return fail(ErrorKind::NotPermitted, "forbidden",
                    "用户 " + user.id + " 不属于本设备服务的部门（" + dev->department + "）");
    auto token = randomHex(32);
    if (!token)
        return fail(ErrorKind::Retryable, "internal", "无法生成随机数");
    const SessionRecord session{hashSecret(*token), dev->id, user.id, t,
                                t + m_options.sessionLifetime};
    if (auto st = m_store.createSession(session); !st)
        return storeError(st.error());
    LoginResponse out;
    out.token = *token;
    out.expiresAt = session.expiresAt;
    out.user = {user.id, user.name, user.role, user.siteId, user.department, user.grade};
    return out;
}

// --- hello, reference, readers
// ----------------------------------------------------------------------

Result<sync::HelloResponse> StoreSyncService::hello(const Caller& c, const sync::HelloRequest& r) {
    if (r.protocolVersion != sync::kProtocolVersion)
        return fail(ErrorKind::InvalidInput, "version",
                    "协议版本 " + std::to_string(r.protocolVersion) + " 不受支持，服务器使用版本 " +
                        std::to_string(sync::kProtocolVersion) + "；请升级客户端");
    auto ctx = authenticate(c);
    if (!ctx)
        return ctx.error();
    if (!r.deviceId.empty() && r.deviceId != ctx->device.id)
        return badRequest("hello 中的设备编号与设备凭据不符");
    if (!r.siteId.empty() && r.siteId != ctx->device.siteId)
        return badRequest("hello 中的服务场所与本设备登记的不符");
    const Instant t = now();
    const HelloReport report{truncateUtf8(r.clientVersion, 64),
                             std::max<std::int64_t>(0, r.outboxSize),
                             truncateUtf8(r.lastError, 500), t};
    if (auto st = m_store.recordHello(ctx->device.id, report); !st)
        return storeError(st.error());
    auto version = m_store.referenceVersion();
    if (!version)
        return storeError(version.error());
    sync::HelloResponse out;
    out.serverTime = t;
    out.serverVersion = m_options.serverVersion;
    out.referenceVersion = *version;
    return out;
}

Result<std::string> StoreSyncService::reference(const Caller& c) {
    auto ctx = authenticate(c);
    if (!ctx)
        return ctx.error();
    auto ref = loadReference();
    if (!ref)
        return ref.error();
    auto users = m_store.usersOfSite(ctx->device.siteId);
    if (!users)
        return storeError(users.error());
    json::array list;
    for (const auto& u : *users) {
        if (!u.active)
            continue;
        // A device serving one department gets that department's people and the center's
        // people without a department, not the other departments' password hashes.
        if (!ctx->device.department.empty() && !u.department.empty() &&
            u.department != ctx->device.department)
            continue;
        list.push_back(userJson(u));
    }
    json::object doc{{"v", sync::kProtocolVersion},  {"version", (*ref)->version},
                     {"org", (*ref)->org},           {"catalog", (*ref)->catalog},
                     {"calendar", (*ref)->calendar}, {"users", std::move(list)}};
    return json::serialize(doc);
}

Result<std::vector<std::string>> StoreSyncService::readersOf(const Caller& c) {
    auto ctx = authenticate(c);
    if (!ctx)
        return ctx.error();
    return ctx->readers;
}

// --- push
// -----------------------------------------------------------------------------------------

void StoreSyncService::forget(const std::string& caseId) {
    if (auto it = m_index.find(caseId); it != m_index.end()) {
        m_lru.erase(it->second);
        m_index.erase(it);
    }
}

Result<StoreSyncService::CaseEntry*> StoreSyncService::caseEntry(ServerStore::WriteTx& tx,
                                                                 const std::string& caseId,
                                                                 const FoldContext& fold) {
    auto head = tx.caseHead(caseId);
    if (!head)
        return head.error();
    if (auto it = m_index.find(caseId); it != m_index.end()) {
        m_lru.splice(m_lru.begin(), m_lru, it->second);
        if (it->second->head == *head)
            return &*it->second;
        forget(caseId); // changed behind our back (another instance): fold it again
    }
    CaseEntry entry;
    entry.caseId = caseId;
    if (*head > 0) {
        auto events = tx.caseEvents(caseId);
        if (!events)
            return events.error();
        for (const auto& row : *events) {
            auto e = decodeEvent(row.body);
            if (!e)
                return fail(ErrorKind::Retryable, "internal",
                            "stored event " + row.id + " does not decode: " + e.error().message);
            e->serverSeq = row.serverSeq;
            foldNext(entry.view, *e, fold);
            entry.head = row.serverSeq;
        }
        auto readers = tx.caseReaders(caseId);
        if (!readers)
            return readers.error();
        entry.readers.insert(readers->begin(), readers->end());
    }
    m_lru.push_front(std::move(entry));
    m_index[caseId] = m_lru.begin();
    while (m_lru.size() > std::max<std::size_t>(1, m_options.cacheCases)) {
        m_index.erase(m_lru.back().caseId);
        m_lru.pop_back();
    }
    return &m_lru.front();
}

Result<std::optional<CaseView>> StoreSyncService::viewAtParent(ServerStore::WriteTx& tx,
                                                               const CaseEntry& c, const Event& e,
                                                               const FoldContext& fold) {
    if (e.parentId.empty())
        return std::optional<CaseView>(CaseView{});
    const auto& tl = c.view.timeline;
    if (std::none_of(tl.begin(), tl.end(),
                     [&](const TimelineEntry& t) { return t.eventId == e.parentId; }))
        return std::optional<CaseView>();
    auto events = tx.caseEvents(c.caseId);
    if (!events)
        return events.error();
    CaseView view;
    for (const auto& row : *events) {
        auto stored = decodeEvent(row.body);
        if (!stored)
            return fail(ErrorKind::Retryable, "internal",
                        "stored event " + row.id + " does not decode: " + stored.error().message);
        stored->serverSeq = row.serverSeq;
        foldNext(view, *stored, fold);
        if (row.id == e.parentId)
            return std::optional<CaseView>(std::move(view));
    }
    return std::optional<CaseView>();
}

Status StoreSyncService::checkActor(const Actor& a, const Context& ctx, Users& users) {
    if (a.siteId != ctx.device.siteId)
        return fail(ErrorKind::NotPermitted, "forbidden",
                    "事件的服务场所 " + a.siteId + " 不是本设备所在的服务场所");
    if (a.role == Role::System)
        return fail(ErrorKind::NotPermitted, "wrong_actor", "系统事件只能由服务器产生");
    auto it = users.find(a.userId);
    if (it == users.end()) {
        auto u = m_store.user(a.userId);
        if (!u)
            return storeError(u.error());
        it = users.emplace(a.userId, std::move(*u)).first;
    }
    const std::optional<UserRecord>& user = it->second;
    if (!user || !user->active || user->siteId != ctx.device.siteId)
        return fail(ErrorKind::NotPermitted, "wrong_actor",
                    "用户 " + a.userId + " 不是本服务场所的在岗人员");
    if (user->role != a.role || user->department != a.department || user->grade != a.grade)
        return fail(ErrorKind::NotPermitted, "wrong_actor",
                    "事件中的角色、部门或级别与用户 " + a.userId + " 的登记不符");
    if (!ctx.device.department.empty() && !user->department.empty() &&
        user->department != ctx.device.department)
        return fail(ErrorKind::NotPermitted, "wrong_actor",
                    "用户 " + a.userId + " 不属于本设备服务的部门");
    return ok();
}

Status StoreSyncService::bindOfficialNumber(ServerStore::WriteTx& tx, CaseEntry& c,
                                            const Event& accept, const FoldContext& fold,
                                            std::vector<std::int64_t>& stored) {
    const Instant t = now();
    const std::string city = fold.org.center().id.substr(0, 6);
    const Date day = Date::localDateOf(t);
    auto seq = tx.nextOfficialSequence(city, day.compact());
    if (!seq)
        return seq.error();
    if (*seq > kMaxOfficialSequence)
        return fail(ErrorKind::Retryable, "numbers_exhausted",
                    "今日（" + day.iso() + "）的正式办件编号已用尽");
    auto random = crypto::randomBytes(RandomBytes{}.size());
    if (!random)
        return fail(ErrorKind::Retryable, "internal", "无法生成随机数");
    RandomBytes r{};
    std::copy_n(random->begin(), r.size(), r.begin());
    Event bind;
    bind.id = makeEventId(t, r);
    bind.caseId = c.caseId;
    bind.actor = systemActor(fold.org);
    bind.deviceTime = t;
    bind.hlc = hlcTick(accept.hlc, t); // after the 受理 whatever the clocks say
    bind.parentId = accept.id;
    const std::string number = makeOfficialNumber(city, day, static_cast<int>(*seq));
    bind.payload = BindNumberPayload{number};
    if (auto st = checkEvent(c.view, bind, fold); !st)
        return fail(ErrorKind::Retryable, "internal",
                    "official number " + number + " for " + c.caseId +
                        " refused by the fold: " + st.error().message);
    auto bindSeq = tx.appendEvent({bind.id, bind.caseId, encodeEvent(bind), t});
    if (!bindSeq)
        return bindSeq.error();
    if (auto st = tx.addCaseNumber(c.caseId, number, CaseNumberKind::Official); !st)
        return st;
    bind.serverSeq = *bindSeq;
    foldNext(c.view, bind, fold);
    c.head = *bindSeq;
    stored.push_back(*bindSeq);
    return ok();
}

Result<sync::PushResult> StoreSyncService::pushOne(ServerStore::WriteTx& tx, const Context& ctx,
                                                   const FoldContext& fold, const Event& in,
                                                   Users& users, std::set<std::string>& touched,
                                                   std::set<std::string>& poke,
                                                   std::vector<std::int64_t>& stored) {
    sync::PushResult res;
    res.eventId = in.id;
    auto reject = [&](std::string code, std::string message) {
        res.outcome = sync::PushOutcome::Rejected;
        res.code = std::move(code);
        res.message = std::move(message);
        return res;
    };
    Event e = in;
    e.serverSeq.reset(); // the server numbers events; a number sent with one means nothing

    // 1. Form: the text we store must be the canonical encoding and decode again.
    const std::string body = encodeEvent(e);
    if (auto decoded = decodeEvent(body); !decoded)
        return reject("bad_request", decoded.error().message);
    // 2. The device: a device pushes only its own events.
    if (e.actor.deviceId != ctx.device.id)
        return reject("wrong_device", "事件由设备 " + truncateUtf8(e.actor.deviceId, 40) +
                                          " 作出，不能由本设备上传");
    // Idempotence: the same event again gets its number; another event under a used id is refused.
    auto existing = tx.eventById(e.id);
    if (!existing)
        return existing.error();
    if (*existing) {
        if ((*existing)->body != body)
            return reject("id_reused", "事件编号 " + e.id + " 已被另一个事件使用");
        res.outcome = sync::PushOutcome::Duplicate;
        res.serverSeq = (*existing)->serverSeq;
        return res;
    }
    // 3. The actor: a user of the device's site, as registered.
    if (auto st = checkActor(e.actor, ctx, users); !st) {
        if (st.error().kind == ErrorKind::Retryable)
            return st.error();
        return reject(st.error().code, st.error().message);
    }
    // 4. The partition: the device may write to cases its readers may read, and create cases at
    // its own site (checked with the actor). A non-creating event for an unknown case goes on to
    // the fold, which names the problem ("no_case").
    auto entry = caseEntry(tx, e.caseId, fold);
    if (!entry)
        return entry.error();
    CaseEntry& c = **entry;
    if (c.head > 0 && std::none_of(ctx.readers.begin(), ctx.readers.end(),
                                   [&](const std::string& r) { return c.readers.contains(r); }))
        return reject("forbidden", "本设备无权处理办件 " + truncateUtf8(e.caseId, 40));
    // 5. The fold: legal now → accepted; legal only at its parent → conflict; else rejected.
    const Status legal = checkEvent(c.view, e, fold);
    if (!legal) {
        const bool parentIsLatest =
            !c.view.timeline.empty() && c.view.timeline.back().eventId == e.parentId;
        if (parentIsLatest || (c.head == 0 && !creates(e)))
            return reject(legal.error().code, legal.error().message);
        auto parent = viewAtParent(tx, c, e, fold);
        if (!parent)
            return parent.error();
        if (!*parent || !checkEvent(**parent, e, fold))
            return reject(legal.error().code, legal.error().message);
        res.outcome = sync::PushOutcome::Conflict;
        res.code = legal.error().code;
        res.message = legal.error().message;
    }
    auto seq = tx.appendEvent({e.id, e.caseId, body, now()});
    if (!seq)
        return seq.error();
    stored.push_back(*seq);
    e.serverSeq = *seq;
    foldNext(c.view, e, fold);
    c.head = *seq;
    for (const std::string& reader : {c.view.originSiteId, readerOf(c.view.holder)}) {
        if (reader.empty() || c.readers.contains(reader))
            continue;
        if (auto st = tx.grantAccess(e.caseId, reader, *seq); !st)
            return st.error();
        c.readers.insert(reader);
    }
    if (const auto* p = std::get_if<ReceivePayload>(&e.payload); p && !p->provisionalNumber.empty())
        if (auto st = tx.addCaseNumber(e.caseId, p->provisionalNumber, CaseNumberKind::Provisional);
            !st)
            return st.error();
    // 6. 受理 applied to a case without an official number: bind one, in this transaction.
    if (std::holds_alternative<AcceptPayload>(e.payload) && c.view.timeline.back().applied &&
        c.view.officialNumber.empty())
        if (auto st = bindOfficialNumber(tx, c, e, fold, stored); !st)
            return st.error();
    touched.insert(e.caseId);
    poke.insert(c.readers.begin(), c.readers.end());
    res.serverSeq = *seq;
    return res;
}

Result<sync::PushResponse> StoreSyncService::push(const Caller& c, const sync::PushRequest& r) {
    auto ctx = authenticate(c);
    if (!ctx)
        return ctx.error();
    return storeEvents(*ctx, r.events, true);
}

namespace {

Error busyError() {
    return fail(ErrorKind::Retryable, "busy", "服务器繁忙，请稍后自动重试");
}

} // namespace

void StoreSyncService::pushAsync(const Caller& c, sync::PushRequest&& r, const PushDone& done) {
    bool full = false;
    {
        // A full queue refuses before the credentials cost a look-up.
        const std::lock_guard lock(m_queueMutex);
        full = m_queue.size() >= std::max<std::size_t>(1, m_options.maxQueuedPushes);
        if (full)
            ++m_stats.busy;
    }
    if (full)
        return done(busyError());
    auto ctx = authenticate(c);
    if (!ctx)
        return done(ctx.error());
    enqueue(Pending{std::move(*ctx), std::move(r.events), done}, true);
}

int StoreSyncService::retryAfterSeconds() const {
    const std::lock_guard lock(m_queueMutex);
    const double ms = static_cast<double>(m_queue.size() + 1) * m_msPerPush;
    return std::clamp(static_cast<int>(std::ceil(ms / 1000.0)), 1, 60);
}

bool StoreSyncService::pushQueueFull() const {
    const std::lock_guard lock(m_queueMutex);
    return m_queue.size() >= std::max<std::size_t>(1, m_options.maxQueuedPushes);
}

PushQueueStats StoreSyncService::pushQueueStats() const {
    const std::lock_guard lock(m_queueMutex);
    PushQueueStats out = m_stats;
    out.queued = m_queue.size();
    out.writing = m_writing;
    return out;
}

Result<sync::PushResponse> StoreSyncService::submitAsUser(const std::string& userId,
                                                          const std::vector<Event>& events) {
    auto user = m_store.user(userId);
    if (!user)
        return storeError(user.error());
    if (!*user || !(*user)->active)
        return fail(ErrorKind::NotFound, "unknown_user", "用户 " + userId + " 不存在或已停用");
    auto ref = loadReference();
    if (!ref)
        return fail(ErrorKind::Retryable, "internal", ref.error().message);
    if ((*user)->siteId != (*ref)->data->org.center().id)
        return fail(ErrorKind::NotPermitted, "forbidden",
                    "用户 " + userId + " 不是市政务服务中心的工作人员，不能在控制台办理办件");
    Context ctx;
    ctx.device.id = kConsoleDeviceId;
    ctx.device.name = "控制台";
    ctx.device.siteId = (*user)->siteId;
    ctx.device.department = (*user)->department;
    ctx.user = std::move(**user);
    ctx.readers = readersOfDevice(ctx.device);
    return storeEvents(ctx, events, false);
}

Result<sync::PushResponse> StoreSyncService::storeEvents(const Context& ctx,
                                                         std::vector<Event> events, bool admit) {
    std::promise<Result<sync::PushResponse>> answer;
    auto future = answer.get_future();
    enqueue(Pending{ctx, std::move(events),
                    [&answer](Result<sync::PushResponse> r) { answer.set_value(std::move(r)); }},
            admit);
    return future.get();
}

void StoreSyncService::enqueue(Pending p, bool admit) {
    {
        std::unique_lock lock(m_queueMutex);
        if (admit && m_queue.size() >= std::max<std::size_t>(1, m_options.maxQueuedPushes)) {
            ++m_stats.busy;
            lock.unlock();
            p.done(busyError());
            return;
        }
        m_queue.push_back(std::move(p));
        if (m_writing)
            return; // the writer takes it with its next group
        m_writing = true;
    }
    drain();
}

void StoreSyncService::drain() {
    // Whatever happens, the next push finds nobody writing rather than waiting for ever.
    struct Release {
        StoreSyncService& self;
        bool armed = true;
        ~Release() {
            if (!armed)
                return;
            const std::lock_guard lock(self.m_queueMutex);
            self.m_writing = false;
        }
    } release{*this};
    const std::size_t maxRequests = std::max<std::size_t>(1, m_options.maxGroupRequests);
    while (true) {
        std::vector<Pending> group;
        {
            const std::lock_guard lock(m_queueMutex);
            std::size_t events = 0;
            while (!m_queue.empty() && group.size() < maxRequests &&
                   (group.empty() ||
                    events + m_queue.front().events.size() <= m_options.maxGroupEvents)) {
                events += m_queue.front().events.size();
                group.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
            if (group.empty()) {
                m_writing = false;
                release.armed = false;
                return;
            }
        }
        const auto started = std::chrono::steady_clock::now();
        writeGroup(group);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        const std::lock_guard lock(m_queueMutex);
        ++m_stats.groups;
        m_stats.requests += group.size();
        m_stats.maxGroup = std::max<std::uint64_t>(m_stats.maxGroup, group.size());
        m_msPerPush = 0.8 * m_msPerPush + 0.2 * (ms / static_cast<double>(group.size()));
    }
}

void StoreSyncService::writeGroup(std::vector<Pending>& group) {
    std::vector<std::optional<Result<sync::PushResponse>>> answers(group.size());
    std::set<std::string> poke;
    [&] {
        const auto answerAll = [&](const Error& e) {
            for (auto& a : answers)
                a.emplace(e);
            poke.clear();
        };
        auto ref = loadReference();
        if (!ref) // without reference data there is no fold: the server is not ready
            return answerAll(fail(ErrorKind::Retryable, "internal", ref.error().message));
        const FoldContext fold{(*ref)->data->catalog, (*ref)->data->org, (*ref)->data->calendar};
        const std::lock_guard lock(m_pushMutex);
        if (m_cacheVersion != (*ref)->version) { // views folded under other reference data
            m_lru.clear();
            m_index.clear();
            m_cacheVersion = (*ref)->version;
        }
        auto tx = m_store.beginWrite();
        if (!tx)
            return answerAll(storeError(tx.error()));
        std::set<std::string> touched;
        std::vector<std::int64_t> stored;
        // The transaction is lost: nothing of the group is stored, every push is told so.
        const auto abandon = [&](const Error& e) {
            for (const auto& id : touched)
                forget(id);
            answerAll(storeError(e));
        };
        // Alone, a push needs no savepoint: its failure is the transaction's.
        const bool isolate = group.size() > 1;
        for (std::size_t i = 0; i < group.size(); ++i) {
            const Pending& p = group[i];
            if (p.events.size() > sync::kMaxPushEvents) {
                answers[i].emplace(
                    fail(ErrorKind::InvalidInput, "too_large",
                         "一次最多上传 " + std::to_string(sync::kMaxPushEvents) + " 个事件"));
                continue;
            }
            if (isolate)
                if (auto st = (*tx)->savepoint(); !st)
                    return abandon(st.error());
            std::set<std::string> ownTouched;
            std::set<std::string> ownPoke;
            std::vector<std::int64_t> ownStored;
            auto res = pushEvents(**tx, p.ctx, fold, p.events, ownTouched, ownPoke, ownStored);
            if (!res) {
                for (const auto& id : ownTouched)
                    forget(id);
                if (!isolate)
                    return abandon(res.error());
                if (auto st = (*tx)->rollbackToSavepoint(); !st)
                    return abandon(st.error());
                answers[i].emplace(storeError(res.error()));
                continue;
            }
            if (isolate)
                if (auto st = (*tx)->releaseSavepoint(); !st) {
                    touched.merge(ownTouched);
                    return abandon(st.error());
                }
            touched.merge(ownTouched);
            poke.merge(ownPoke);
            stored.insert(stored.end(), ownStored.begin(), ownStored.end());
            answers[i].emplace(std::move(*res));
        }
        if (touched.empty())
            return; // nothing written (duplicates, refusals): nothing to commit
        // Noted before the commit, so that the watcher never takes them for another process's;
        // taken back if the commit fails (the numbers may then be reused).
        const auto noteOwn = [&](bool add) {
            const std::lock_guard own(m_ownMutex);
            if (!m_recordOwn)
                return;
            for (const std::int64_t seq : stored)
                add ? (void)m_own.insert(seq) : (void)m_own.erase(seq);
        };
        noteOwn(true);
        if (auto st = (*tx)->commit(); !st) {
            noteOwn(false);
            return abandon(st.error());
        }
    }();
    if (!poke.empty())
        pokeReaders(std::vector<std::string>(poke.begin(), poke.end()));
    for (std::size_t i = 0; i < group.size(); ++i)
        group[i].done(std::move(*answers[i]));
}

Result<sync::PushResponse>
StoreSyncService::pushEvents(ServerStore::WriteTx& tx, const Context& ctx, const FoldContext& fold,
                             const std::vector<Event>& events, std::set<std::string>& touched,
                             std::set<std::string>& poke, std::vector<std::int64_t>& stored) {
    sync::PushResponse out;
    out.results.reserve(events.size());
    Users users;
    for (const auto& e : events) {
        auto res = pushOne(tx, ctx, fold, e, users, touched, poke, stored);
        if (!res) {
            touched.insert(e.caseId); // its cached fold may be half-way: forget it too
            return res.error();
        }
        out.results.push_back(std::move(*res));
    }
    return out;
}

void StoreSyncService::pokeReaders(const std::vector<std::string>& readers) {
    std::function<void(const std::vector<std::string>&)> sink;
    {
        const std::lock_guard lock(m_sinkMutex);
        sink = m_sink;
    }
    if (sink)
        sink(readers);
}

Result<std::size_t> StoreSyncService::pokeForeignChanges() {
    const std::lock_guard watch(m_watchMutex);
    if (!m_watchedThrough) {
        {
            const std::lock_guard own(m_ownMutex);
            m_recordOwn = true;
        }
        auto last = m_store.lastServerSeq();
        if (!last)
            return storeError(last.error());
        m_watchedThrough = *last; // what was there before the watching started is old news
        return std::size_t{0};
    }
    std::int64_t through = *m_watchedThrough;
    std::set<std::string> changed;
    while (true) {
        auto page = m_store.eventsAfter(through, kWatchPage);
        if (!page)
            return storeError(page.error());
        {
            const std::lock_guard own(m_ownMutex);
            for (const EventRef& ref : *page) {
                if (m_own.erase(ref.serverSeq) == 0)
                    changed.insert(ref.caseId);
                through = ref.serverSeq;
            }
            // Below `through` nothing of ours can still commit: the store numbers in commit order.
            m_own.erase(m_own.begin(), m_own.upper_bound(through));
        }
        if (page->size() < kWatchPage)
            break;
    }
    if (!changed.empty()) {
        auto readers = m_store.readersOfCases({changed.begin(), changed.end()});
        if (!readers)
            return storeError(readers.error());
        pokeReaders(*readers);
    }
    m_watchedThrough = through;
    return changed.size();
}

// --- pull
// -----------------------------------------------------------------------------------------

Result<sync::PullResponse> StoreSyncService::pull(const Caller& c, const sync::PullRequest& r) {
    auto ctx = authenticate(c);
    if (!ctx)
        return ctx.error();
    const auto cursor = parseCursor(r.cursor);
    if (!cursor)
        return badRequest("同步游标格式不正确: " + truncateUtf8(r.cursor, 40));
    if (r.limit < 1)
        return badRequest("limit 必须是正整数");
    const auto limit = std::min(static_cast<std::size_t>(r.limit), sync::kMaxPullEvents);
    // The device's own events are found by their actor's device id. Its canonical encoding holds
    // `"deviceId":"<id>"` verbatim (ids are plain ASCII), so an event without that text is not
    // the device's and needs no second look; one with it is decoded anyway, and checked.
    const std::string& self = ctx->device.id;
    const bool skipOwn = r.skipOwn && !self.empty();
    const std::string mark = "\"deviceId\":" + json::serialize(json::string(self));
    sync::PullResponse out;
    out.events.reserve(limit);
    PullCursor at = *cursor;
    bool more = false;
    std::size_t scanned = 0;
    while (true) {
        auto page = m_store.pull(ctx->readers, at, limit);
        if (!page)
            return page.error().kind == ErrorKind::InvalidInput ? page.error()
                                                                : storeError(page.error());
        bool full = false;
        for (const auto& row : page->events) {
            if (out.events.size() >= limit) {
                full = true; // the rest comes with the next pull, from the last row taken
                break;
            }
            at = row.position;
            ++scanned;
            const bool maybeOwn = skipOwn && row.body.find(mark) != std::string::npos;
            auto e = decodeEvent(row.body);
            if (!e)
                return fail(ErrorKind::Retryable, "internal",
                            "stored event " + std::to_string(row.position.seq) +
                                " does not decode: " + e.error().message);
            if (maybeOwn && e->actor.deviceId == self)
                continue;
            e->serverSeq = row.position.seq;
            out.events.push_back(std::move(*e));
        }
        if (full) {
            more = true;
            break;
        }
        at = page->next;
        more = page->more;
        if (!skipOwn || !more || out.events.size() >= limit || scanned >= kMaxPullScan)
            break;
    }
    out.nextCursor = formatCursor(at);
    out.more = more;
    return out;
}

} // namespace bianmin::syncd
