from portal.views.organisations import member_urlpatterns
from schools.permissions import policy

app_name = "schools"

urlpatterns = member_urlpatterns(policy, template_name="schools/school_detail.html")
