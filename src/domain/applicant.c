/* applicant.c - the applicant block of submission forms (see applicant.h). */
#include "motcua/applicant.h"

/* See applicant.h. Labels are for error logs only: pages print their own, translated. */
const char *applicant_form_json(void)
{
	return "["
	       "{\"name\":\"applicant_name\",\"label\":\"Họ và tên\",\"type\":\"text\","
	       "\"required\":true,\"max\":200},"
	       "{\"name\":\"applicant_id_number\",\"label\":\"Số định danh cá nhân\","
	       "\"type\":\"id_number\"},"
	       "{\"name\":\"applicant_phone\",\"label\":\"Số điện thoại\",\"type\":\"phone\","
	       "\"required\":true},"
	       "{\"name\":\"applicant_email\",\"label\":\"Thư điện tử\",\"type\":\"email\"},"
	       "{\"name\":\"applicant_address\",\"label\":\"Địa chỉ\",\"type\":\"text\","
	       "\"required\":true,\"max\":300}"
	       "]";
}
