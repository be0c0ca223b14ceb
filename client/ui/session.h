#pragma once
// What the screens share once a user is signed in: the two workers, the reference data, the
// device and the user, and the factory that turns their actions into events.
//
// Threading: GUI thread only. The reference data is immutable and shared with the store worker.
#ifndef Q_MOC_RUN // moc cannot parse the C++20 headers the domain pulls in
#include "client/core/event_factory.h"
#endif
#include "client/core/store_client.h"
#include "client/core/sync_worker.h"

#include <QString>
#include <memory>

namespace bianmin::ui {

struct Session {
    client::StoreClient* store = nullptr;
    client::SyncClient* sync = nullptr;
    client::ReferencePtr ref;
    client::DeviceInfo device;
    client::SessionInfo user;
    std::unique_ptr<client::EventFactory> events;
    QString lookupBaseUrl; // the public progress page, for the QR code on notices

    domain::FoldContext ctx() const { return {ref->catalog, ref->org, ref->calendar}; }
    const domain::Site* site() const { return ref->org.site(device.siteId.toStdString()); }
    QString siteName() const;
    domain::Instant now() const;
};

} // namespace bianmin::ui
