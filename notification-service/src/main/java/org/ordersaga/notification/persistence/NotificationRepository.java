package org.ordersaga.notification.persistence;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.ordersaga.notification.domain.Notification;
import org.ordersaga.notification.domain.NotificationKind;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class NotificationRepository implements PanacheRepositoryBase<Notification, UUID> {

    public Optional<Notification> find(String orderId, NotificationKind kind) {
        return find("orderId = ?1 and kind = ?2", orderId, kind).firstResultOptional();
    }

    public List<Notification> listByOrder(String orderId) {
        return list("orderId", Sort.by("sentAt"), orderId);
    }
}
