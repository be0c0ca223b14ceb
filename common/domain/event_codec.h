#pragma once
// The wire and storage form of a case event: one JSON object, written compactly (one per line in
// JSON-lines files such as the golden file tests/data/golden/events-v1.jsonl). Sync pushes and
// pulls it and the stores keep it, so the encoding is canonical (one event, one text: fit to be
// hashed) and stable across releases:
//
//   {"v":1,"id":"<UUIDv7>","caseId":"…","type":"<eventTypeKey>",
//    "actor":{"userId","userName","role":"<roleKey>","siteId","department","grade":0-3,"deviceId"},
//    "deviceTime":<ms>,"hlc":{"wall":<ms>,"counter":<int>},"serverSeq":<int, only when set>,
//    "parentId":"<UUIDv7 or empty>","prevHash":"…","payload":{…}}
//
// - Keys appear in this order; the payload's keys are the C++ member names in camelCase, in
//   declaration order (a Holder is {"siteId","department"}, an ItemRef {"id","version"}). Every
//   field is written, empty or not, except the optional ones (serverSeq, a payload's agent),
//   which are omitted when absent, never written as null.
// - Enums are stable lowercase English strings ("certificate", "window_pickup", "hand_over", …);
//   the role is its roleKey; StepCode and Grade are their integer codes; an Instant is an integer
//   of Unix milliseconds. Renaming a C++ enumerator must never change these strings.
// - "v" is the format version. A reader accepts only the versions it knows (today 1); an unknown
//   extra field is ignored, so a newer writer may add optional fields without a new version.
//   Removing or renaming a field, or changing its meaning, needs a new version (and a new golden
//   file next to the old one, which must still decode).
// - The decoder checks form, not rules: each field is present with its JSON type; integers lie in
//   the range of their field (no negative counts, amounts or times; instants up to year 9999;
//   codes within their code list: grade 0-3, step 1-3, suspension kind 1-2, evaluation level 1-5);
//   enum strings are known; event ids (id, a non-empty parentId, a resolved eventId) are UUIDv7
//   and caseId is not empty. Other strings may be empty. Whether an event is legal for its case
//   (state, role, site, required reasons) is for checkEvent to say, so that a well-formed event
//   made anywhere always crosses the wire and is judged in the case's timeline, with a reason.
// - Strings are UTF-8; text that is not is rejected by the JSON parser.
// - Decoding never throws and never trusts its input: it uses Boost.JSON's non-throwing calls (the
//   parser also bounds nesting depth) and FieldReader, and an error names the event and the field
//   path, e.g. "event 0190…: field 'payload.materials[2].copies': expected an integer". Messages
//   quote at most 40 bytes of any input string.
#include "common/domain/case_event.h"
#include "common/domain/result.h"

#include <boost/json.hpp>
#include <string>
#include <string_view>

namespace bianmin::domain {

inline constexpr int kEventFormatVersion = 1;

boost::json::object eventToJson(const Event& e);
// Errors are ErrorKind::InvalidInput.
Result<Event> eventFromJson(const boost::json::value& v);

// Compact JSON text of eventToJson.
std::string encodeEvent(const Event& e);
// Parses and reads one event; malformed text is an error, never an exception.
Result<Event> decodeEvent(std::string_view text);

} // namespace bianmin::domain
