"""Loading images with their renditions in a fixed number of queries."""

from wagtail.images import get_image_model


def attach_images(instances, *field_names: str) -> None:
    """Load the images that `instances` point to through the image foreign
    keys `field_names`, with all their renditions, in two queries, and set them
    on the instances so templates read them without further queries."""
    instances = [i for i in instances if i is not None]
    ids = {
        getattr(instance, f"{name}_id", None)
        for instance in instances
        for name in field_names
    } - {None}
    if not ids:
        return
    images = get_image_model().objects.filter(pk__in=ids).prefetch_renditions()
    by_id = {image.pk: image for image in images}
    for instance in instances:
        for name in field_names:
            image = by_id.get(getattr(instance, f"{name}_id", None))
            if image is not None:
                setattr(instance, name, image)
