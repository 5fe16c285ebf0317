"""Catalog items get a contact and a "justification required" setting;
favourites are kept per user (issue 10 items 1 and 2). Existing items keep
working unchanged: no contact, justification optional."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('forge_catalog', '0006_approval_steps'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='servicecatalogitem',
            name='contact',
            field=models.CharField(blank=True, default='', max_length=512),
        ),
        migrations.AddField(
            model_name='servicecatalogitem',
            name='justification_required',
            field=models.BooleanField(default=False),
        ),
        migrations.CreateModel(
            name='ServiceCatalogFavorite',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('catalog_item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='favorites', to='forge_catalog.servicecatalogitem')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ('created', 'pk'),
                'constraints': [models.UniqueConstraint(fields=('user', 'catalog_item'), name='fc_favorite_once_per_user')],
            },
        ),
    ]
