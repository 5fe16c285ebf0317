"""Favourites (issue 10 item 2): per user, on the server, for items one sees."""

from apihelpers import body, url

from forge_catalog.models import ServiceCatalogFavorite


def _favorites(api, user):
    rows = body(api.get(url("service_catalog_item-list"), user=user, expect=200))["results"]
    return {row["name"] for row in rows if row["favorite"]}


def test_pin_and_unpin_per_user(api, alice, bob, catalog_item_factory):
    item, other = catalog_item_factory(name="Restart nginx"), catalog_item_factory(name="Backup")
    endpoint = url("service_catalog_item-favorite", item.pk)
    assert body(api.post(endpoint, user=alice, expect=200)) == {"favorite": True}
    assert body(api.post(endpoint, user=alice, expect=200)) == {"favorite": True}  # twice is once
    assert ServiceCatalogFavorite.objects.filter(user=alice).count() == 1
    assert _favorites(api, alice) == {"Restart nginx"}
    assert _favorites(api, bob) == set()
    assert (
        body(api.get(url("service_catalog_item-detail", item.pk), user=alice, expect=200))["favorite"] is True
    )
    assert (
        body(api.get(url("service_catalog_item-detail", other.pk), user=alice, expect=200))["favorite"]
        is False
    )
    assert body(api.delete(endpoint, user=alice, expect=200)) == {"favorite": False}
    assert _favorites(api, alice) == set()


def test_only_items_one_sees_can_be_pinned(api, alice, rando, catalog_item_factory):
    hidden = catalog_item_factory(enabled=False)
    api.post(url("service_catalog_item-favorite", hidden.pk), user=alice, expect=404)
    api.post(url("service_catalog_item-favorite", hidden.pk), user=rando, expect=404)
    api.post(url("service_catalog_item-favorite", hidden.pk), expect=401)
    assert not ServiceCatalogFavorite.objects.exists()


def test_a_favourite_goes_with_its_item(api, alice, catalog_item_factory):
    item = catalog_item_factory()
    api.post(url("service_catalog_item-favorite", item.pk), user=alice, expect=200)
    item.delete()
    assert not ServiceCatalogFavorite.objects.exists()


def test_favorite_is_read_only_in_the_item_body(api, org_admin, catalog_item_factory):
    item = catalog_item_factory()
    api.patch(url("service_catalog_item-detail", item.pk), {"favorite": True}, user=org_admin, expect=200)
    assert not ServiceCatalogFavorite.objects.exists()
