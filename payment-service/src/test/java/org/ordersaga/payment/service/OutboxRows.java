package org.ordersaga.payment.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads what a test made the service write to its outbox. */
final class OutboxRows {

    record Row(String topic, String type, JsonNode payload) {
    }

    private OutboxRows() {
    }

    static List<Row> forOrder(DataSource dataSource, String orderId) throws SQLException {
        ObjectMapper mapper = new ObjectMapper();
        List<Row> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select aggregatetype, type, payload::text from outbox.outbox_event
                        where aggregateid = ? order by created_at""")) {
            select.setString(1, orderId);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getString(2), mapper.readTree(result.getString(3))));
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
