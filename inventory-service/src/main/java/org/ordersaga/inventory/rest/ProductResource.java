package org.ordersaga.inventory.rest;

import java.util.List;

import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.inventory.domain.Product;
import org.ordersaga.inventory.persistence.ProductRepository;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The catalog with current stock: available + reserved + settled is the stock received. */
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    public record ProductView(String sku, String name, long unitPriceCents, int available, int reserved,
            int settled) {
        static ProductView of(Product product) {
            return new ProductView(product.sku(), product.name(), product.unitPriceCents(), product.available(),
                    product.reserved(), product.settled());
        }
    }

    private final ProductRepository products;

    public ProductResource(ProductRepository products) {
        this.products = products;
    }

    @GET
    @Operation(summary = "List the products with their stock")
    @APIResponse(responseCode = "200", description = "Every product, by SKU")
    public List<ProductView> list() {
        return products.listBySku().stream().map(ProductView::of).toList();
    }

    @GET
    @Path("/{sku}")
    @Operation(summary = "Read a product's stock: available, reserved and settled")
    @APIResponse(responseCode = "200", description = "The product")
    @APIResponse(responseCode = "404", description = "No product with that SKU")
    public ProductView get(@PathParam("sku") String sku) {
        return products.findByIdOptional(sku).map(ProductView::of)
                .orElseThrow(() -> new ProblemException(404, "Product not found", "No product with SKU " + sku));
    }
}
