-- An order placed without an address (digital goods, in-store pickup) is shown with "shippingAddress": null.
ALTER TABLE order_read_models ALTER COLUMN shipping_address DROP NOT NULL;
