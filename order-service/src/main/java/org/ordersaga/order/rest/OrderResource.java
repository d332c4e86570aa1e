package org.ordersaga.order.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.idempotency.IdempotentCommands;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.persistence.DeadConnections;
import org.ordersaga.chassis.rest.ProblemDetails;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.order.config.OrderConfig;
import org.ordersaga.order.config.OrderMode;
import org.ordersaga.order.domain.IdempotencyKey;
import org.ordersaga.order.domain.IdempotencyRecord;
import org.ordersaga.order.domain.KeyedRequest;
import org.ordersaga.order.domain.Order;
import org.ordersaga.order.domain.OrderItem;
import org.ordersaga.order.domain.RecordedAnswer;
import org.ordersaga.order.domain.ShippingAddress;
import org.ordersaga.order.domain.OrderStatus;
import org.ordersaga.order.persistence.IdempotencyRecordRepository;
import org.ordersaga.order.service.DatabaseLostMidway;
import org.ordersaga.order.service.IdempotencyKeyInUse;
import org.ordersaga.order.service.ModeChoice;
import org.ordersaga.order.service.OrderPlacement;
import org.ordersaga.order.service.OrderRollout;
import org.ordersaga.order.service.SyncOrderPlacement;
import org.ordersaga.order.service.SyncOutcome;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    static final String MODE_HEADER = "X-Order-Mode";
    static final String IDEMPOTENCY_KEY_HEADER = IdempotentCommands.KEY_HEADER;
    static final String REPLAYED_HEADER = IdempotentCommands.REPLAYED_HEADER;
    private static final Logger LOG = Logger.getLogger(OrderResource.class);
    /** The chassis' problem answers, used directly where a problem is also recorded as a key's answer. */
    private static final ProblemDetails PROBLEMS = new ProblemDetails();

    private final OrderPlacement placement;
    private final SyncOrderPlacement syncPlacement;
    private final OrderRollout rollout;
    private final ChosenOrderMode chosenMode;
    private final IdempotencyRecordRepository keys;
    private final ObjectMapper json;
    private final DeadConnections deadConnections;
    private final Duration inFlightRetryAfter;
    private final Duration databaseRetryAfter;

    public OrderResource(OrderPlacement placement, SyncOrderPlacement syncPlacement, OrderRollout rollout,
                         ChosenOrderMode chosenMode, IdempotencyRecordRepository keys, ObjectMapper json,
                         DeadConnections deadConnections, OrderConfig config) {
        this.placement = placement;
        this.syncPlacement = syncPlacement;
        this.rollout = rollout;
        this.chosenMode = chosenMode;
        this.keys = keys;
        this.json = json;
        this.deadConnections = deadConnections;
        this.inFlightRetryAfter = config.idempotency().inFlightRetryAfter();
        this.databaseRetryAfter = config.database().retryAfter();
    }

    /**
     * Async: accepts the order at once (202, PENDING) and the saga decides it. Sync: decides it within this request
     * over the REST chain — 201 APPROVED, 200 REJECTED with the reason, 502 problem+json when a step that cannot be
     * undone failed and the order stays PENDING. The request names the mode ({@code ?mode=} or header
     * {@code X-Order-Mode}; the query wins), else the rollout's saga share decides ({@link OrderRollout}). The answer's
     * {@code X-Order-Mode} header says which mode the order ran in.
     * <p>
     * With an {@code Idempotency-Key} the key places one order at most: a repeat of the same request gets the first
     * answer again (status, Location, body; {@code Idempotent-Replayed: true}) in the first one's mode, whatever the
     * rollout says now; another request under the key is 422; a repeat while the first one's chain is still deciding
     * its order is 409 with {@code Retry-After}. A refusal (400, 422, 503) records no key.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Place an order: async (the saga decides it) or sync (decided within the request)")
    @Parameter(name = IDEMPOTENCY_KEY_HEADER, in = ParameterIn.HEADER,
            description = "Places one order at most: a repeat of the same request gets the first answer again",
            schema = @Schema(type = SchemaType.STRING, maxLength = IdempotencyKey.MAX_LENGTH))
    @APIResponse(responseCode = "202", description = "Async: accepted, PENDING until the saga decides it",
            content = @Content(schema = @Schema(implementation = OrderAccepted.class)))
    @APIResponse(responseCode = "201", description = "Sync: approved",
            content = @Content(schema = @Schema(implementation = SyncOrderResult.class)))
    @APIResponse(responseCode = "200", description = "Sync: rejected, with the reason",
            content = @Content(schema = @Schema(implementation = SyncOrderResult.class)))
    @APIResponse(responseCode = "400", description = "Invalid order, mode or idempotency key")
    @APIResponse(responseCode = "409", description = "The key's first request is still deciding its order; Retry-After")
    @APIResponse(responseCode = "422",
            description = "Refused (e.g. unknown customer), or the key was first sent with another request")
    @APIResponse(responseCode = "502", description = "Sync: a step that cannot be undone failed; the order is PENDING")
    @APIResponse(responseCode = "503", description = "Database unavailable; Retry-After")
    public Response place(@NotNull @Valid PlaceOrderRequest request, @QueryParam("mode") String modeQuery,
                          @HeaderParam(MODE_HEADER) String modeHeader, @Context HttpHeaders headers,
                          @Context UriInfo uri) {
        Optional<OrderMode> requested = requestedMode(modeQuery, modeHeader);
        // not @HeaderParam: it reads an empty header as none, and a blank key is bad input rather than no key
        Optional<KeyedRequest> keyed = keyedRequest(headers.getHeaderString(IDEMPOTENCY_KEY_HEADER), request);
        Optional<IdempotencyRecord> first = keyed.flatMap(key -> keys.find(key.key()));
        if (first.isPresent()) {
            return repeat(first.get(), keyed.get(), uri);
        }
        ModeChoice choice = rollout.choose(requested, keyed.map(key -> key.key().value()).orElse(null),
                request.customerId());
        chosenMode.record(choice);
        PlaceOrderRequest.Address address = request.shippingAddress();
        List<OrderItem> items = request.items().stream().map(item -> new OrderItem(item.sku(), item.quantity()))
                .toList();
        ShippingAddress shippingAddress = new ShippingAddress(address.name(), address.street(), address.city(),
                address.postalCode(), address.country());
        try {
            if (choice.mode() == OrderMode.SYNC) {
                return placeSync(request.customerId(), items, shippingAddress, keyed, uri);
            }
            OrderAccepted accepted = OrderAccepted.of(placement.place(request.customerId(), items, shippingAddress,
                    keyed, this::acceptedAnswer));
            return Response.accepted(accepted).location(location(accepted.orderId())).build();
        } catch (IdempotencyKeyInUse inUse) {
            // a request with this key committed while this one waited for it: nothing of this one was kept
            KeyedRequest key = keyed.orElseThrow(() -> inUse);
            LOG.infof("Idempotency key %s was stored by a concurrent request meanwhile", key.key().value());
            return keys.find(key.key()).map(stored -> repeat(stored, key, uri))
                    .orElseThrow(() -> inProgress("Another request with this key is being answered"));
        }
    }

    private Response placeSync(String customerId, List<OrderItem> items, ShippingAddress shippingAddress,
                               Optional<KeyedRequest> keyed, UriInfo uri) {
        SyncOutcome outcome;
        try {
            outcome = syncPlacement.place(customerId, items, shippingAddress, keyed);
        } catch (DatabaseLostMidway lost) {
            throw DatabaseUnavailable.problem("Order " + lost.orderId() + ": the database could not be reached midway;"
                    + " the order is finished by the recovery sweep, read " + location(lost.orderId()),
                    databaseRetryAfter);
        }
        Response answer = syncAnswer(outcome, uri);
        keyed.ifPresent(key -> recordAnswer(key.key(), answer));
        return answer;
    }

    /** 201 APPROVED or 200 REJECTED with Location; 502 problem when the order is left PENDING. */
    private static Response syncAnswer(SyncOutcome outcome, UriInfo uri) {
        if (outcome.incomplete()) {
            return PROBLEMS.problem(new ProblemException(502, "Order incomplete",
                    "Order " + outcome.orderId() + ": " + outcome.incompleteDetail()), uri);
        }
        int status = outcome.status() == OrderStatus.APPROVED ? 201 : 200;
        return Response.status(status).entity(SyncOrderResult.of(outcome)).location(location(outcome.orderId()))
                .build();
    }

    /** A key seen before: the first answer again, or why there is none to give. Never a second order. */
    private Response repeat(IdempotencyRecord first, KeyedRequest request, UriInfo uri) {
        if (!first.sameRequestAs(request)) {
            throw new ProblemException(422, "Idempotency key reused", "Key '" + request.key().value()
                    + "' was first sent with another request; a new order needs a new key");
        }
        chosenMode.record(new ModeChoice(first.mode(), ModeChoice.ChosenBy.REPLAY));
        try (LogContext.Scope ignored = LogContext.forOrder(first.orderId().toString(), null)) {
            if (first.answer().isPresent()) {
                LOG.infof("Repeated idempotency key: the first answer (%d) again", first.answer().get().status());
                return replay(first.answer().get());
            }
            // Only a synchronous chain's key waits for its answer: its request is still deciding the order, or died
            // doing so. The order's state answers once it is decided (by that request or the recovery sweep).
            Optional<SyncOutcome> decided = placement.find(first.orderId())
                    .flatMap(SyncOrderPlacement::decidedOutcome);
            if (decided.isPresent()) {
                LOG.infof("Repeated idempotency key of a chain that gave no answer: the order is %s",
                        decided.get().status());
                return Response.fromResponse(syncAnswer(decided.get(), uri)).header(REPLAYED_HEADER, "true").build();
            }
            LOG.infof("Repeated idempotency key while its order is still being decided");
            throw inProgress("Order " + first.orderId() + " of this key is still being decided; retry later, or read"
                    + " /orders/" + first.orderId());
        }
    }

    private ProblemException inProgress(String detail) {
        return new ProblemException(409, "Order in progress", detail, inFlightRetryAfter);
    }

    private Response replay(RecordedAnswer answer) {
        Response.ResponseBuilder replay = Response.status(answer.status()).type(answer.contentType())
                .entity(readJson(answer.body())).header(REPLAYED_HEADER, "true");
        answer.locationHeader().map(URI::create).ifPresent(replay::location);
        return replay.build();
    }

    private RecordedAnswer acceptedAnswer(Order order) {
        OrderAccepted accepted = OrderAccepted.of(order);
        return new RecordedAnswer(202, MediaType.APPLICATION_JSON, location(accepted.orderId()).toString(),
                writeJson(accepted));
    }

    /** After the chain: a failure to record is logged, and the client still gets its answer. */
    private void recordAnswer(IdempotencyKey key, Response answer) {
        try {
            String contentType = answer.getMediaType() == null ? MediaType.APPLICATION_JSON
                    : answer.getMediaType().toString();
            String location = answer.getLocation() == null ? null : answer.getLocation().getRawPath();
            keys.recordAnswer(key, new RecordedAnswer(answer.getStatus(), contentType, location,
                    writeJson(answer.getEntity())), Instant.now());
        } catch (RuntimeException e) {
            // swallowed, so neither the retry nor the 503 mapper sees it: a lost database is flushed here
            deadConnections.unreachable(e);
            LOG.warnf("Cannot record the answer of idempotency key %s (%s); a repeat gets the order's state",
                    key.value(), e.toString());
        }
    }

    private static Optional<KeyedRequest> keyedRequest(String header, PlaceOrderRequest request) {
        Optional<IdempotencyKey> key;
        try {
            key = IdempotencyKey.fromHeader(header);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Invalid idempotency key",
                    "Header " + IDEMPOTENCY_KEY_HEADER + ": " + e.getMessage());
        }
        return key.map(valid -> new KeyedRequest(valid, request.fingerprint()));
    }

    private static Optional<OrderMode> requestedMode(String query, String header) {
        return Optional.ofNullable(query != null ? query : header)
                .map(named -> OrderMode.parse(named).orElseThrow(() -> new ProblemException(400,
                        "Invalid order mode", "Mode '" + named + "' is neither sync nor async")));
    }

    private static URI location(UUID orderId) {
        return URI.create("/orders/" + orderId);
    }

    private String writeJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the answer as JSON", e);
        }
    }

    private JsonNode readJson(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A recorded answer is not JSON", e);
        }
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read an order: its status, rejection reason and history")
    @APIResponse(responseCode = "200", description = "The order")
    @APIResponse(responseCode = "404", description = "No such order")
    public OrderView get(@PathParam("id") String id) {
        return placement.find(parse(id)).map(OrderView::of)
                .orElseThrow(() -> notFound(id));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(404, "Order not found", "No order with id " + id);
    }
}
