#include "pipeline/packed_items.h"

#include <stdexcept>

#include "util/spill.h"

namespace dossier {
namespace {

void pack_item(const Item& item, Packer& p) {
  p.number(static_cast<std::uint64_t>(item.kind));
  p.text(item.text);
  p.number(item.customer ? 1 : 0);
  if (item.customer) p.text(*item.customer);
  p.texts(item.also);
  p.number(static_cast<std::uint64_t>(item.line));
  p.number(static_cast<std::uint64_t>(item.extractor));
  p.text(item.speaker);
  p.text(item.due);
  p.number(item.theirs ? 1 : 0);
}

Item unpack_item(Unpacker& u) {
  Item item;
  std::uint64_t kind = u.number();
  if (kind > static_cast<std::uint64_t>(ItemKind::summary))
    throw std::runtime_error("packed item of no kind");
  item.kind = static_cast<ItemKind>(kind);
  item.text = u.text();
  if (u.number()) item.customer = u.text();
  item.also = u.texts();
  item.line = static_cast<int>(u.number());
  item.extractor = u.number() ? ItemSource::llm : ItemSource::rules;
  item.speaker = u.text();
  item.due = u.text();
  item.theirs = u.number() != 0;
  return item;
}

void pack_reports(const MeetingReports& reports, Packer& p) {
  p.number(reports.closing.size());
  for (const ClosingReport& c : reports.closing) {
    p.number(c.kind == ClosingReport::Kind::resolved ? 1 : 0);
    p.number(static_cast<std::uint64_t>(c.line));
    p.texts(c.words);
    p.texts(c.raw);
    p.number((c.generic ? 1 : 0) | (c.marked ? 2 : 0));
  }
  p.number(reports.statuses.size());
  for (const StatusMention& s : reports.statuses) {
    p.text(s.status.value);
    p.text(s.status.display);
    p.text(s.sentence);
  }
}

MeetingReports unpack_reports(Unpacker& u) {
  MeetingReports reports;
  for (std::uint64_t n = u.number(); n > 0; --n) {
    ClosingReport& c = reports.closing.emplace_back();
    c.kind = u.number() ? ClosingReport::Kind::resolved : ClosingReport::Kind::done;
    c.line = static_cast<int>(u.number());
    c.words = u.texts();
    c.raw = u.texts();
    std::uint64_t flags = u.number();
    c.generic = flags & 1;
    c.marked = flags & 2;
  }
  for (std::uint64_t n = u.number(); n > 0; --n) {
    StatusMention& s = reports.statuses.emplace_back();
    s.status.value = u.text();
    s.status.display = u.text();
    s.sentence = u.text();
  }
  return reports;
}

}  // namespace

std::string pack_meeting_items(const MeetingItems& items, std::size_t meeting) {
  Packer p;
  p.number(meeting);
  p.number(items.items.size());
  for (const Item& item : items.items) pack_item(item, p);
  p.texts(items.internal_attendees);
  p.text(items.via);
  pack_reports(items.reports, p);
  p.text(items.language);
  p.number((items.sole_customer ? 1 : 0) | (items.revised ? 2 : 0) | (items.dropped ? 4 : 0));
  return p.bytes();
}

UnpackedItems unpack_meeting_items(std::string_view bytes) {
  Unpacker u(bytes);
  UnpackedItems out;
  out.meeting = u.number();
  MeetingItems& mi = out.items;
  for (std::uint64_t n = u.number(); n > 0; --n) mi.items.push_back(unpack_item(u));
  mi.internal_attendees = u.texts();
  mi.via = u.text();
  mi.reports = unpack_reports(u);
  mi.language = u.text();
  std::uint64_t flags = u.number();
  mi.sole_customer = flags & 1;
  mi.revised = flags & 2;
  mi.dropped = flags & 4;
  if (!u.done()) throw std::runtime_error("packed items followed by other bytes");
  return out;
}

}  // namespace dossier
