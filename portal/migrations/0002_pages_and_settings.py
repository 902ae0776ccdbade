import django.db.models.deletion
import django.utils.timezone
import portal.fields
import portal.models.users
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0001_initial'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PeriodicJobRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='job')),
                ('last_started_at', models.DateTimeField(blank=True, null=True, verbose_name='last started')),
                ('last_succeeded_at', models.DateTimeField(blank=True, null=True, verbose_name='last succeeded')),
                ('last_error', models.TextField(blank=True, verbose_name='last error')),
            ],
            options={
                'verbose_name': 'periodic job',
                'verbose_name_plural': 'periodic jobs',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='StandardPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', models.TextField(blank=True, verbose_name='introduction')),
                ('body', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 4), ('quote', 7), ('button', 11), ('cards', 17), ('document', 20)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Text', 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Heading 2'), ('h3', 'Heading 3')], 'label': 'Level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul', 'h3', 'h4'], 'label': 'Text', 'template': 'components/blocks/paragraph.html'}), 4: ('wagtail.images.blocks.ImageBlock', [], {'label': 'Image', 'template': 'components/blocks/image.html'}), 5: ('wagtail.blocks.TextBlock', (), {'label': 'Quote'}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'By', 'max_length': 120, 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('text', 5), ('attribution', 6)]], {}), 8: ('wagtail.blocks.CharBlock', (), {'label': 'Label', 'max_length': 80}), 9: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Page', 'required': False}), 10: ('wagtail.blocks.URLBlock', (), {'label': 'Web address', 'required': False}), 11: ('wagtail.blocks.StructBlock', [[('label', 8), ('page', 9), ('url', 10)]], {}), 12: ('wagtail.blocks.CharBlock', (), {'label': 'Title', 'max_length': 80}), 13: ('wagtail.blocks.TextBlock', (), {'label': 'Text', 'required': False}), 14: ('wagtail.blocks.StructBlock', [[('label', 8), ('page', 9), ('url', 10)]], {'label': 'Link'}), 15: ('wagtail.blocks.StructBlock', [[('title', 12), ('text', 13), ('link', 14)]], {}), 16: ('wagtail.blocks.ListBlock', (15,), {'label': 'Cards', 'max_num': 6, 'min_num': 1}), 17: ('wagtail.blocks.StructBlock', [[('cards', 16)]], {}), 18: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Document'}), 19: ('wagtail.blocks.CharBlock', (), {'label': 'Label', 'max_length': 120, 'required': False}), 20: ('wagtail.blocks.StructBlock', [[('document', 18), ('label', 19)]], {})}, verbose_name='content')),
            ],
            options={
                'verbose_name': 'standard page',
            },
            bases=('wagtailcore.page',),
        ),
        migrations.CreateModel(
            name='HomePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', models.TextField(blank=True, verbose_name='introduction')),
                ('body', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 4), ('quote', 7), ('button', 11), ('cards', 17), ('document', 20)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Text', 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Heading 2'), ('h3', 'Heading 3')], 'label': 'Level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul', 'h3', 'h4'], 'label': 'Text', 'template': 'components/blocks/paragraph.html'}), 4: ('wagtail.images.blocks.ImageBlock', [], {'label': 'Image', 'template': 'components/blocks/image.html'}), 5: ('wagtail.blocks.TextBlock', (), {'label': 'Quote'}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'By', 'max_length': 120, 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('text', 5), ('attribution', 6)]], {}), 8: ('wagtail.blocks.CharBlock', (), {'label': 'Label', 'max_length': 80}), 9: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Page', 'required': False}), 10: ('wagtail.blocks.URLBlock', (), {'label': 'Web address', 'required': False}), 11: ('wagtail.blocks.StructBlock', [[('label', 8), ('page', 9), ('url', 10)]], {}), 12: ('wagtail.blocks.CharBlock', (), {'label': 'Title', 'max_length': 80}), 13: ('wagtail.blocks.TextBlock', (), {'label': 'Text', 'required': False}), 14: ('wagtail.blocks.StructBlock', [[('label', 8), ('page', 9), ('url', 10)]], {'label': 'Link'}), 15: ('wagtail.blocks.StructBlock', [[('title', 12), ('text', 13), ('link', 14)]], {}), 16: ('wagtail.blocks.ListBlock', (15,), {'label': 'Cards', 'max_num': 6, 'min_num': 1}), 17: ('wagtail.blocks.StructBlock', [[('cards', 16)]], {}), 18: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Document'}), 19: ('wagtail.blocks.CharBlock', (), {'label': 'Label', 'max_length': 120, 'required': False}), 20: ('wagtail.blocks.StructBlock', [[('document', 18), ('label', 19)]], {})}, verbose_name='content')),
                ('hero_image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='image')),
            ],
            options={
                'verbose_name': 'home page',
            },
            bases=('wagtailcore.page',),
        ),
        migrations.CreateModel(
            name='SiteSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('organisation_name', models.CharField(max_length=120, verbose_name='organisation name')),
                ('street_address', models.CharField(blank=True, max_length=120, verbose_name='street and number')),
                ('postcode', portal.fields.PostcodeField(blank=True, max_length=7, verbose_name='postcode')),
                ('city', models.CharField(blank=True, default='Zwolle', max_length=80, verbose_name='city')),
                ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='contact email')),
                ('footer_text', models.TextField(blank=True, verbose_name='footer text')),
                ('contact_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='contact page')),
                ('logo', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='logo')),
                ('privacy_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='privacy statement page')),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
            ],
            options={
                'verbose_name': 'site settings',
            },
        ),
    ]
