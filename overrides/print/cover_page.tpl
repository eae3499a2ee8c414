{#- The PDF's cover (print-site's cover_page_template). The address is the configured site_url;
    scripts/export_pdf.py replaces any local address with the published one before printing. -#}
<div class="guide-cover">
  <p class="guide-cover__kicker">A study guide for machine-learning system design interviews</p>
  <h1>{{ config.site_name }}</h1>
  <p class="guide-cover__lead">{{ config.site_description }}</p>
  <table class="guide-cover__facts">
    <tr><td>Edition</td><td class="guide-cover__edition">{{ config.extra.build_date }}{% if config.extra.build_commit %} (commit {{ config.extra.build_commit }}){% endif %}</td></tr>
    <tr><td>Read online</td><td><a class="guide-cover__address" href="{{ config.site_url }}">{{ config.site_url }}</a></td></tr>
    <tr><td>Licence</td><td>{{ config.copyright }}</td></tr>
  </table>
</div>
