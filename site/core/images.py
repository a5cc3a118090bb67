"""Loading a page's images in a fixed number of queries."""

from wagtail.images import get_image_model


def attach_images(instances, *field_names: str) -> None:
    """Load the images that `instances` point to through the image foreign
    keys `field_names` in one query and set them on the instances, so a page
    fetched by Wagtail's routing reads its images without a query each."""
    instances = [i for i in instances if i is not None]
    ids = {
        getattr(instance, f"{name}_id", None)
        for instance in instances
        for name in field_names
    } - {None}
    if not ids:
        return
    by_id = {image.pk: image for image in get_image_model().objects.filter(pk__in=ids)}
    for instance in instances:
        for name in field_names:
            image = by_id.get(getattr(instance, f"{name}_id", None))
            if image is not None:
                setattr(instance, name, image)
