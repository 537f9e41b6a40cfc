package words

// The refusals of enrolling and changing accounts: devices, people and
// sessions (hub/internal/actions, hub/internal/auth, hub/internal/store).
var (
	BadToken             = Text{"رمز الدخول غير صالح أو منتهي الصلاحية: سجّل الدخول مجدداً", "Invalid or expired token: sign in again"}
	DeviceRevoked        = Text{"أُلغي تسجيل هذا الجهاز: اطلب رمزاً جديداً من المسؤول", "This device was revoked: ask an administrator for a new token"}
	UserDisabled         = Text{"هذا الحساب معطّل: راجع المسؤول", "This account is disabled: ask an administrator"}
	NotDeviceRole        = Text{"الجهاز إما كشك أو شاشة عرض، لا %q", "A device is a kiosk or a display, not %q"}
	DeviceNameTooLong    = Text{"اسم الجهاز بحد أقصى ١٠٠ حرف", "The device's name is at most 100 characters"}
	NotPersonRole        = Text{"الدور يجب أن يكون موظفاً أو مديراً أو مسؤولاً، لا %q", "A person is an officer, a manager or an admin, not %q"}
	PersonName           = Text{"الاسم مطلوب، بحد أقصى ١٠٠ حرف", "The name is required, at most 100 characters"}
	BadUsername          = Text{"اسم المستخدم %q غير صالح: استخدم من ٣ إلى ٣٢ حرفاً لاتينياً صغيراً أو رقماً أو نقطة أو شرطة", "Invalid username %q: use 3-32 lowercase Latin letters, digits, dots or dashes"}
	ReservedUsername     = Text{"اسم المستخدم %q محجوز: يُستخدم في سجل المعاملة للمواطن أو للإشعارات", "The username %q is reserved: case timelines use it for the citizen or the notifier"}
	UsernameTaken        = Text{"اسم المستخدم %q مستخدم بالفعل: اختر اسماً آخر", "The username %q is already in use: choose another"}
	RegionManagerOnly    = Text{"المنطقة للمديرين فقط: %[1]s ليس مديراً", "%[1]s is a %[2]s: only a manager has a region"}
	AdminOnly            = Text{"هذا الإجراء للمسؤول فقط", "Only an admin may do this"}
	NotCatalogueBranch   = Text{"%q ليس فرعاً في الدليل", "%q is not a branch of the catalogue"}
	MobileDepartmentOnly = Text{"رقم الجوال لموظفي الإدارات فقط", "A mobile number goes with a department's person only"}
	NotServingDepartment = Text{"%q ليست إدارة في الدليل تخدم الفرع %s", "%q is not a department of the catalogue serving %s"}
)

// The admin console's forms (hub/internal/admin) and the catalogue's reload
// (hub/internal/reload).
var (
	FormNotOneObject   = Text{"النموذج ليس كائن JSON واحداً", "The form is not one JSON object"}
	FormNotObject      = Text{"النموذج ليس كائن JSON صالحاً بحجم ٨ كيلوبايت على الأكثر", "The form is not a valid JSON object of at most 8 KiB"}
	FormFieldType      = Text{"الحقل %q بنوع غير صحيح", "Field %q has the wrong type"}
	ManagerRegionOnly  = Text{"المنطقة للمديرين فقط", "Only a manager oversees further branches"}
	NotAnotherBranch   = Text{"%q ليس فرعاً آخر في الدليل", "%q is not another branch of the catalogue"}
	DepartmentRoleOnly = Text{"الإدارة لدور الإدارة فقط", "A department goes with the role department, and only with it"}
	CatalogueProblems  = Text{"في ملف الدليل أخطاء؛ لم يتغير شيء:\n%s", "The catalogue file has problems; nothing changed:\n%s"}
	// OrphanedLiveData is filled with the list (FillText) of the removals
	// refused, separated by ListSeparator.
	OrphanedLiveData      = Text{"الدليل الجديد يترك بيانات قائمة بلا مرجع؛ لم يتغير شيء: %s", "The new catalogue would orphan live data; nothing changed: %s"}
	ListSeparator         = Text{"؛ ", "; "}
	RemovedBranchWaits    = Text{"الفرع %q محذوف وفيه %d منتظرون", "branch %q is removed but %d people wait there"}
	RemovedServiceWaits   = Text{"الخدمة %q محذوفة و%d ينتظرونها في %s", "service %q is removed but %d people wait for it at %s"}
	RemovedDeskHeld       = Text{"المكتب %q في %s محذوف ويشغله %s", "desk %q of %s is removed but %s holds it"}
	RemovedDepartmentOpen = Text{"الإدارة %q محذوفة ولديها %d معاملات مفتوحة في %s", "department %q is removed but holds %d open cases at %s"}
)
