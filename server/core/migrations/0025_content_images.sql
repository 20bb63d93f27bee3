-- Images uploaded into articles from the studio: checked by content as ticket screenshots are,
-- and kept as ticket files are (the database, or the shared file directory), so every node serves
-- them. `scope` is the customer whose own articles may show the image ('' for the vendor's
-- documentation): such an image is served on that customer's help centre alone. `tenant_id` owns
-- the row: that customer, or the vendor's tenant for its documentation, so destroying a customer
-- never takes the vendor's images with it. Who uploaded it is kept as a name, not a link.
CREATE TABLE content_images (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    scope TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    data TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
