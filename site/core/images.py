"""Loading a page's images and their renditions in a fixed number of queries."""

from django.db.models import prefetch_related_objects

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


def prefetch_renditions(images) -> None:
    """Load the renditions of all these images in one query, so each
    `{% picture %}` finds its sizes without a query of its own. Skips
    missing images and ones already prefetched."""
    pending = {
        id(image): image
        for image in images
        if image is not None
        and "renditions" not in getattr(image, "_prefetched_objects_cache", {})
    }
    prefetch_related_objects(list(pending.values()), "renditions")
